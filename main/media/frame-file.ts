/**
 * Frame files (`.frames`): the one on-disk format for raw video frames in Longshot — Storyworld
 * datasets, imported footage and generated chunks all use it.
 *
 * Layout (all little-endian):
 *   bytes 0..7    magic "LSFRAME1"
 *   bytes 8..11   u32 header length N
 *   bytes 12..    N bytes of UTF-8 JSON: { width, height, channels: 3, fps, frameCount }
 *   then          frameCount frames, each width*height*3 bytes of RGB uint8, row-major (HWC)
 * Frames are read by index with positioned reads, so a long video is never loaded whole.
 * A writer writes to `<path>.partial` and renames on close, so a crash never leaves a torn file
 * at the final path.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync, fstatSync } from 'node:fs';

const MAGIC = Buffer.from('LSFRAME1', 'ascii');
/** Header JSON is padded so frame count can be rewritten in place on close. */
const HEADER_BYTES = 256;

export interface FrameFileInfo {
  width: number;
  height: number;
  channels: 3;
  fps: number;
  frameCount: number;
}

/** Raised for files that are not frame files or are cut short. */
export class FrameFileError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${message}: ${path}`);
    this.name = 'FrameFileError';
  }
}

function encodeHeader(info: FrameFileInfo): Buffer {
  const json = Buffer.from(JSON.stringify(info).padEnd(HEADER_BYTES, ' '), 'utf8');
  const out = Buffer.alloc(MAGIC.length + 4 + HEADER_BYTES);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(HEADER_BYTES, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  return out;
}

/** Appends frames; `close()` fsyncs and moves the file to its final path. */
export class FrameFileWriter {
  private readonly fd: number;
  private readonly partialPath: string;
  private frameCount = 0;
  private closed = false;
  readonly frameBytes: number;

  constructor(readonly path: string, readonly format: { width: number; height: number; fps: number }) {
    if (!(format.width > 0 && format.height > 0 && format.fps > 0)) {
      throw new FrameFileError(`invalid frame format ${JSON.stringify(format)}`, path);
    }
    this.frameBytes = format.width * format.height * 3;
    this.partialPath = `${path}.partial`;
    this.fd = openSync(this.partialPath, 'w');
    try {
      writeSync(this.fd, encodeHeader({ ...format, channels: 3, frameCount: 0 }));
    } catch (error) {
      // A full disk can refuse even the header: leave neither a descriptor nor a partial file.
      this.abort();
      throw error;
    }
  }

  /** Appends one frame of width*height*3 RGB bytes. */
  write(frame: Uint8Array): void {
    if (this.closed) throw new FrameFileError('write after close', this.path);
    if (frame.length !== this.frameBytes) {
      throw new FrameFileError(`frame has ${frame.length} bytes, expected ${this.frameBytes}`, this.path);
    }
    writeSync(this.fd, frame);
    this.frameCount += 1;
  }

  get count(): number {
    return this.frameCount;
  }

  /** Writes the final frame count, fsyncs and renames into place. */
  close(): FrameFileInfo {
    if (this.closed) throw new FrameFileError('closed twice', this.path);
    const info: FrameFileInfo = { ...this.format, channels: 3, frameCount: this.frameCount };
    try {
      writeSync(this.fd, encodeHeader(info), 0, MAGIC.length + 4 + HEADER_BYTES, 0);
      fsyncSync(this.fd);
    } catch (error) {
      // The data may never reach the disk (ENOSPC or EIO at fsync): nothing reaches the final path.
      this.abort();
      throw error;
    }
    this.closed = true;
    closeSync(this.fd);
    renameSync(this.partialPath, this.path);
    return info;
  }

  /** Drops the partial file (on cancel or error). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.partialPath, { force: true });
  }
}

/** Random access to the frames of one file. */
export class FrameFileReader {
  private readonly fd: number;
  readonly info: FrameFileInfo;
  private readonly dataOffset: number;
  readonly frameBytes: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(MAGIC.length + 4);
      if (readSync(this.fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, 8).equals(MAGIC)) {
        throw new FrameFileError('not a Longshot frame file', path);
      }
      const headerLength = head.readUInt32LE(MAGIC.length);
      if (headerLength > 65536) throw new FrameFileError('frame file header too large', path);
      const json = Buffer.alloc(headerLength);
      readSync(this.fd, json, 0, headerLength, head.length);
      const parsed = JSON.parse(json.toString('utf8')) as FrameFileInfo;
      this.info = parsed;
      this.dataOffset = head.length + headerLength;
      this.frameBytes = parsed.width * parsed.height * 3;
      const size = fstatSync(this.fd).size;
      if (size < this.dataOffset + parsed.frameCount * this.frameBytes) {
        throw new FrameFileError('frame file is truncated', path);
      }
    } catch (error) {
      closeSync(this.fd);
      if (error instanceof FrameFileError) throw error;
      throw new FrameFileError(`unreadable frame file header (${(error as Error).message})`, path);
    }
  }

  /** Reads frame `index` into `into` (allocated when not given). */
  read(index: number, into?: Uint8Array): Uint8Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.info.frameCount) {
      throw new FrameFileError(`frame ${index} out of range 0..${this.info.frameCount - 1}`, this.path);
    }
    const out = into ?? new Uint8Array(this.frameBytes);
    readSync(this.fd, out, 0, this.frameBytes, this.dataOffset + index * this.frameBytes);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * sha256 of every frame's RGB bytes in order (not of the file, whose header is padding and
 * layout): two frame files hash alike when they hold the same video.
 */
export function hashFrames(path: string): string {
  const reader = new FrameFileReader(path);
  try {
    const sha = createHash('sha256');
    for (let i = 0; i < reader.info.frameCount; i += 1) sha.update(reader.read(i));
    return sha.digest('hex');
  } finally {
    reader.close();
  }
}
