/**
 * encodeMp4: a valid H.264/yuv420p MP4 with the right frames, duration and rate (checked by an
 * independent ffprobe when installed, and by decoding it back), faststart, upscale, metadata and
 * chapters read back, backpressure, ffmpeg killed mid-stream, and ffmpeg failing on its own
 * (its message, not the broken pipe, reaches the caller).
 */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToFrames } from '../../main/media/decode';
import { encodeMp4, type EncodeOptions } from '../../main/media/encode';
import { FrameFileReader, FrameFileWriter } from '../../main/media/frame-file';
import { probe } from '../../main/media/probe';
import { childProcesses, ffmpegPath, ffprobeJson, ffprobeOnPath, leftovers, prng, tempDir } from './helpers';

const temp = tempDir('encode');
const at = (name: string): string => join(temp.dir, name);
const ffprobe = ffprobeOnPath();
const W = 64;
const H = 48;
const FPS = 8;

/** Frame i: a horizontal gradient whose brightness moves with i, so frames differ. */
function frame(i: number, width = W, height = H): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const o = (y * width + x) * 3;
      out[o] = (x * 4 + i * 8) & 255;
      out[o + 1] = (y * 5) & 255;
      out[o + 2] = 128;
    }
  }
  return out;
}

function* frames(count: number, width = W, height = H): Generator<Uint8Array> {
  for (let i = 0; i < count; i += 1) yield frame(i, width, height);
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

function encode(out: string, options: Partial<EncodeOptions> = {}) {
  return encodeMp4({ frames: frames(16), width: W, height: H, fps: FPS, out: at(out), preset: 'ultrafast', ...options });
}

function noLeftovers(): void {
  expect(leftovers(temp.dir)).toEqual([]);
  expect(childProcesses()).toEqual([]);
}

beforeAll(() => {
  const writer = new FrameFileWriter(at('source.frames'), { width: W, height: H, fps: FPS });
  for (const f of frames(12)) writer.write(f);
  writer.close();
});
afterAll(() => temp.remove());

describe('encodeMp4', () => {
  it('writes H.264 yuv420p with the frames, rate and duration asked for, moov first', async () => {
    const result = await encode('plain.mp4', { crf: 12 });
    expect(result).toMatchObject({ frames: 16, width: W, height: H });
    const info = await probe(at('plain.mp4'));
    expect(info).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: W, height: H, fps: FPS });
    expect(info.durationSec).toBeCloseTo(2, 2);
    const bytes = readFileSync(at('plain.mp4'));
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    if (ffprobe) {
      const json = ffprobeJson(ffprobe, at('plain.mp4'));
      const video = json.streams.find((s) => s.codec_type === 'video');
      expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: W, height: H, r_frame_rate: '8/1', nb_read_frames: '16' });
      expect(Number(json.format.duration)).toBeCloseTo(2, 2);
    }
    // Round trip: decoding gives back the frames, up to compression.
    const back = await decodeToFrames(at('plain.mp4'), { out: at('plain.frames'), width: W, height: H, fps: FPS, fit: 'crop' });
    expect(back.frames.frameCount).toBe(16);
    const reader = new FrameFileReader(at('plain.frames'));
    try {
      expect(psnr(reader.read(5), frame(5))).toBeGreaterThan(30);
    } finally {
      reader.close();
    }
    noLeftovers();
  });

  it('reads a frame file and upscales by an integer factor', async () => {
    const reader = new FrameFileReader(at('source.frames'));
    const progress: number[] = [];
    try {
      const result = await encode('up.mp4', { frames: reader, upscale: { factor: 3, filter: 'neighbor' }, onProgress: (p) => progress.push(p.fraction ?? -1) });
      expect(result).toMatchObject({ frames: 12, width: W * 3, height: H * 3 });
    } finally {
      reader.close();
    }
    expect(progress.at(-1)).toBe(1);
    const info = await probe(at('up.mp4'));
    expect([info.width, info.height]).toEqual([W * 3, H * 3]);
  });

  it('pads odd sizes to even ones for yuv420p', async () => {
    const result = await encode('odd.mp4', { frames: frames(4, 63, 47), width: 63, height: 47 });
    expect([result.width, result.height]).toEqual([64, 48]);
    expect((await probe(at('odd.mp4'))).width).toBe(64);
  });

  it('stores metadata and chapters that read back', async () => {
    const provenance = JSON.stringify({ model: 'sha256:abc', seed: 42, note: 'a=b; #c\\d\nline two' });
    await encode('meta.mp4', {
      metadata: { comment: provenance, longshot_seed: '42' },
      chapters: [{ startSec: 1, endSec: 2, title: 'Second' }, { startSec: 0, endSec: 1, title: 'First' }],
    });
    const info = await probe(at('meta.mp4'));
    expect(info.tags.comment).toBe(provenance);
    expect(info.tags.longshot_seed).toBe('42');
    expect(info.chapters).toEqual([
      { startSec: 0, endSec: 1, title: 'First' },
      { startSec: 1, endSec: 2, title: 'Second' },
    ]);
    if (ffprobe) {
      const json = ffprobeJson(ffprobe, at('meta.mp4'));
      expect(json.format.tags?.comment).toBe(provenance);
      expect(json.chapters.map((c) => c.tags?.title)).toEqual(['First', 'Second']);
    }
    noLeftovers();
  });

  it('honours backpressure: a stopped ffmpeg stops the producer', async () => {
    const size = [640, 480] as const;
    let pulled = 0;
    async function* producer(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 30; i += 1) {
        pulled += 1;
        yield frame(i, ...size);
      }
    }
    const pending = encode('pressure.mp4', { frames: producer(), width: size[0], height: size[1] });
    const pid = await waitForChild();
    process.kill(pid, 'SIGSTOP');
    await sleep(400);
    const whileStopped = pulled;
    await sleep(300);
    // A 900 KB frame fills the 64 KB pipe: the producer waits at the first or second frame.
    expect(pulled).toBe(whileStopped);
    expect(pulled).toBeLessThanOrEqual(3);
    process.kill(pid, 'SIGCONT');
    expect((await pending).frames).toBe(30);
  });

  it('rejects quickly and leaves no partial file when ffmpeg is killed mid-stream', async () => {
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 1000; i += 1) {
        await sleep(5);
        yield frame(i);
      }
    }
    const pending = encode('killed.mp4', { frames: slow() });
    const pid = await waitForChild();
    await sleep(100);
    process.kill(pid, 'SIGKILL');
    const killedAt = performance.now();
    await expect(pending).rejects.toMatchObject({ code: 'encode_failed' });
    expect(performance.now() - killedAt).toBeLessThan(1000);
    expect(existsSync(at('killed.mp4'))).toBe(false);
    noLeftovers();
  });

  it.skipIf(process.platform === 'win32')('reports ffmpeg\'s own message when it fails on its own, mid-stream or at the end', async () => {
    // A file-size limit makes ffmpeg's writes fail with EFBIG ("File too large"); SIGXFSZ is
    // ignored so that ffmpeg reports it instead of dying of it.
    const limited = at('ffmpeg-file-limit.sh');
    writeFileSync(limited, `#!/bin/sh\ntrap '' XFSZ\nulimit -f 16\nexec '${await ffmpegPath()}' "$@"\n`);
    chmodSync(limited, 0o755);
    const random = prng(7);
    const noise = Array.from({ length: 60 }, () => Uint8Array.from({ length: 320 * 240 * 3 }, () => Math.floor(random() * 256)));
    // Noise compresses badly: ffmpeg fails while frames are still being piped in (a broken pipe here).
    const midStream = encode('noise.mp4', { frames: noise, width: 320, height: 240, ffmpegPath: limited });
    await expect(midStream).rejects.toMatchObject({ code: 'encode_failed', message: expect.stringContaining('File too large') });
    await expect(midStream).rejects.not.toMatchObject({ message: expect.stringContaining('EPIPE') });
    // Small frames all fit in the pipe: ffmpeg fails only at the trailer, which ffmpeg 4.1 exits 0 for without -xerror.
    await expect(encode('small.mp4', { frames: frames(200), ffmpegPath: limited })).rejects.toMatchObject({ code: 'encode_failed', message: expect.stringContaining('File too large') });
    expect(existsSync(at('noise.mp4')) || existsSync(at('small.mp4'))).toBe(false);
    noLeftovers();
  });

  it('stops an ffmpeg that stopped taking frames, but waits for a slow producer', async () => {
    async function* slowThenBig(): AsyncGenerator<Uint8Array> {
      await sleep(400); // slower than the stall limit: not a stall
      for (let i = 0; i < 30; i += 1) yield frame(i, 640, 480);
    }
    const pending = encode('stalled.mp4', { frames: slowThenBig(), width: 640, height: 480, stallTimeoutMs: 300 });
    process.kill(await waitForChild(), 'SIGSTOP');
    await expect(pending).rejects.toMatchObject({ code: 'timeout' });
    expect(existsSync(at('stalled.mp4'))).toBe(false);
    noLeftovers();
  });

  it('cancels through the signal', async () => {
    const controller = new AbortController();
    const pending = encode('cancelled.mp4', { frames: frames(400), signal: controller.signal, onProgress: (p) => p.frames === 10 && controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(at('cancelled.mp4'))).toBe(false);
    noLeftovers();
  });

  it('refuses a frame of the wrong size and bad settings', async () => {
    await expect(encode('wrong.mp4', { frames: [frame(0), new Uint8Array(10)] })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(encode('wrong.mp4', { crf: 60 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(encode('wrong.mp4', { upscale: { factor: 1.5, filter: 'lanczos' } })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(readdirSync(temp.dir).filter((n) => n.includes('wrong'))).toEqual([]);
    noLeftovers();
  });
});

/** The pid of the ffmpeg this test process started, once it is running. */
async function waitForChild(): Promise<number> {
  for (let i = 0; i < 200; i += 1) {
    const child = childProcesses().find((c) => c.comm.includes('ffmpeg'));
    if (child) return child.pid;
    await sleep(10);
  }
  throw new Error('ffmpeg did not start');
}
