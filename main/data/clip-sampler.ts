/**
 * Random clips of T frames for training and evaluation, from one or more datasets (Storyworld and
 * footage mix freely when their frame sizes agree). Start positions are uniform over every valid
 * start in the chosen split, so long videos weigh more. Frames come from positioned reads of the
 * frames files; a video is never decoded whole. The cursor (generator state plus a fingerprint
 * of data and options) can be saved with a checkpoint and restored, so a resumed run draws
 * exactly the clips the uninterrupted one would have.
 */
import { createHash } from 'node:crypto';
import type { FrameFileReader } from '../media/frame-file';
import type { Dataset, DatasetVideo } from './dataset';
import { deriveSeed, Rng, type RngState } from './random';
import { DatasetError, type DatasetSource } from './schema';
import type { FrameTruth } from './storyworld/video';

export interface ClipSamplerOptions {
  datasets: readonly Dataset[];
  /** Frames per clip (T). */
  clipFrames: number;
  /** Take every n-th frame (1 = consecutive). */
  frameStep?: number;
  split: 'train' | 'validation' | 'all';
  /** Passed to each dataset's split; default 0.1. */
  validationFraction?: number;
  seed: number;
  /** Continue from a saved cursor instead of from the seed. */
  cursor?: SamplerCursor;
  /** Frames files kept open at once (least recently used are closed). */
  maxOpenFiles?: number;
}

/** One clip, frames laid out [T, H, W, 3] as RGB uint8. */
export interface Clip {
  datasetDir: string;
  source: DatasetSource;
  videoId: string;
  startFrame: number;
  frameStep: number;
  width: number;
  height: number;
  frames: Uint8Array;
  /** Each frame's time in its video, seconds. */
  times: number[];
  /** The caption active at each frame ('' where the storyboard has none). */
  captions: string[];
  /**
   * Per frame: true where the active caption opens a shot (a 'cut' row of the storyboard) at a
   * place not shown before, so the caption names the place and who is in it. Training draws the
   * first chunks of a video here, the chunks a storyboard without footage makes from its caption alone.
   */
  shotOpening: boolean[];
  /** Per frame: true at the first frame of a shot (where a 'cut' row begins): hard cuts to learn. */
  shotStart: boolean[];
  /** Ground truth per frame (Storyworld), undefined for footage. */
  truth: (FrameTruth | undefined)[];
}

/** Everything needed to continue a sampler exactly; JSON-safe. */
export interface SamplerCursor {
  version: 1;
  /** Identifies the data and options; a cursor only restores into the same. */
  fingerprint: string;
  drawn: number;
  rng: RngState;
}

interface Entry {
  dataset: Dataset;
  video: DatasetVideo;
  starts: number;
}

/** Draws clips; call `close()` when done to release file handles. */
export class ClipSampler {
  readonly width: number;
  readonly height: number;
  readonly clipFrames: number;
  readonly frameStep: number;
  private readonly entries: Entry[];
  /** cumulative[i] = valid starts in entries[0..i]. */
  private readonly cumulative: number[];
  private readonly fingerprint: string;
  private readonly readers = new Map<string, FrameFileReader>();
  private readonly maxOpenFiles: number;
  private rng: Rng;
  private drawn = 0;

  constructor(options: ClipSamplerOptions) {
    const { datasets, clipFrames } = options;
    this.frameStep = options.frameStep ?? 1;
    this.clipFrames = clipFrames;
    this.maxOpenFiles = Math.max(1, options.maxOpenFiles ?? 16);
    if (!(Number.isInteger(clipFrames) && clipFrames >= 1 && Number.isInteger(this.frameStep) && this.frameStep >= 1)) {
      throw new DatasetError('invalid', `clip frames and frame step must be whole numbers >= 1, got ${clipFrames} and ${this.frameStep}`);
    }
    const first = datasets[0];
    if (!first) throw new DatasetError('empty', 'the sampler needs at least one dataset');
    for (const d of datasets) {
      if (d.file.width !== first.file.width || d.file.height !== first.file.height) {
        throw new DatasetError('mismatch', `datasets differ in frame size: ${d.dir} is ${d.file.width}x${d.file.height}, ${first.dir} is ${first.file.width}x${first.file.height}`);
      }
    }
    this.width = first.file.width;
    this.height = first.file.height;
    const span = (clipFrames - 1) * this.frameStep + 1;
    this.entries = datasets.flatMap((dataset) => {
      const split = dataset.split(options.validationFraction ?? 0.1);
      const ids = options.split === 'all' ? dataset.videoIds : options.split === 'train' ? split.train : split.validation;
      return ids.map((id): Entry => {
        const video = dataset.video(id);
        return { dataset, video, starts: Math.max(0, video.file.frameCount - span + 1) };
      });
    }).filter((e) => e.starts > 0);
    if (this.entries.length === 0) throw new DatasetError('empty', `no video in the ${options.split} split is long enough for ${clipFrames} frames at step ${this.frameStep}`);
    let total = 0;
    this.cumulative = this.entries.map((e) => (total += e.starts));
    if (total > 0x100000000) throw new DatasetError('invalid', 'too many clip positions to sample (over 2^32)');
    this.fingerprint = createHash('sha256')
      .update(JSON.stringify({ seed: options.seed, clipFrames, step: this.frameStep, split: options.split, fraction: options.validationFraction ?? 0.1, videos: this.entries.map((e) => [e.dataset.file.seed, e.video.id, e.video.file.frameCount]) }))
      .digest('hex')
      .slice(0, 16);
    this.rng = new Rng(deriveSeed(options.seed, 'clips'));
    if (options.cursor) this.restore(options.cursor);
  }

  /** Where the sampler stands now; save it with a checkpoint. */
  get cursor(): SamplerCursor {
    return { version: 1, fingerprint: this.fingerprint, drawn: this.drawn, rng: this.rng.state() };
  }

  /** Clips drawn so far (including those before a restore). */
  get count(): number {
    return this.drawn;
  }

  private restore(cursor: SamplerCursor): void {
    if (cursor.version !== 1) throw new DatasetError('cursor', `unknown sampler cursor version ${String(cursor.version)}`);
    if (cursor.fingerprint !== this.fingerprint) throw new DatasetError('cursor', 'the saved sampler cursor belongs to other data or options; it cannot resume this run exactly');
    this.rng = Rng.fromState(cursor.rng);
    this.drawn = cursor.drawn;
  }

  /** Draws the next clip. `into` (T*H*W*3 bytes) is reused for the frames when given. */
  next(into?: Uint8Array): Clip {
    const frameBytes = this.width * this.height * 3;
    const frames = into ?? new Uint8Array(this.clipFrames * frameBytes);
    if (frames.length !== this.clipFrames * frameBytes) throw new DatasetError('invalid', `clip buffer has ${frames.length} bytes, expected ${this.clipFrames * frameBytes}`);
    const r = this.rng.below(this.cumulative[this.cumulative.length - 1] as number);
    const index = this.findEntry(r);
    const entry = this.entries[index] as Entry;
    const startFrame = r - (index > 0 ? (this.cumulative[index - 1] as number) : 0);
    const reader = this.reader(entry.video);
    const { fps } = entry.video.file;
    const times: number[] = [];
    const captions: string[] = [];
    const shotOpening: boolean[] = [];
    const shotStart: boolean[] = [];
    const truth: (FrameTruth | undefined)[] = [];
    for (let k = 0; k < this.clipFrames; k++) {
      const frame = startFrame + k * this.frameStep;
      reader.read(frame, frames.subarray(k * frameBytes, (k + 1) * frameBytes));
      times.push(frame / fps);
      const row = entry.video.captionAt(frame / fps);
      captions.push(row?.text ?? '');
      const cutRow = row?.transition === 'cut' ? row : undefined;
      shotStart.push(cutRow !== undefined && (frame === 0 || entry.video.captionAt((frame - 1) / fps) !== cutRow));
      shotOpening.push(cutRow !== undefined && entry.video.firstVisitAt(frame, Math.ceil(cutRow.startSec * fps - 1e-9)));
      truth.push(entry.video.truthAt(frame));
    }
    this.drawn += 1;
    return {
      datasetDir: entry.dataset.dir,
      source: entry.video.file.source,
      videoId: entry.video.id,
      startFrame,
      frameStep: this.frameStep,
      width: this.width,
      height: this.height,
      frames,
      times,
      captions,
      shotOpening,
      shotStart,
      truth,
    };
  }

  /** Closes every open frames file. */
  close(): void {
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
  }

  private findEntry(r: number): number {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private reader(video: DatasetVideo): FrameFileReader {
    const key = video.framesPath;
    const open = this.readers.get(key);
    if (open) {
      // Re-insert to mark it most recently used.
      this.readers.delete(key);
      this.readers.set(key, open);
      return open;
    }
    if (this.readers.size >= this.maxOpenFiles) {
      const [oldestKey, oldest] = this.readers.entries().next().value as [string, FrameFileReader];
      oldest.close();
      this.readers.delete(oldestKey);
    }
    const reader = video.openFrames();
    this.readers.set(key, reader);
    return reader;
  }
}
