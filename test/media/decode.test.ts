/**
 * probe and decodeToFrames on real videos made by ffmpeg at test time: sizes, frame counts,
 * fit modes by pixel content, rotation direction, bit depth, sample aspect, VFR resampling,
 * progress, cancel and timeout.
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToFrames, type DecodeOptions } from '../../main/media/decode';
import { MediaError } from '../../main/media/errors';
import { FrameFileReader } from '../../main/media/frame-file';
import { probe } from '../../main/media/probe';
import { childProcesses, ffmpegPath, ffmpegSync, leftovers, tempDir } from './helpers';

const temp = tempDir('decode');
let ffmpeg: string;
const at = (name: string): string => join(temp.dir, name);
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];

beforeAll(async () => {
  ffmpeg = await ffmpegPath();
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2', ...x264, '-pix_fmt', 'yuv420p', at('testsrc2.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'mandelbrot=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=duration=2', '-t', '2', ...x264, '-c:a', 'aac', at('mandelbrot.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'color=c=red:size=320x240:rate=25', '-t', '1', ...x264, at('red.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'color=c=red:size=160x120:rate=25', '-t', '1', '-vf', 'setsar=2/1', ...x264, at('red-sar2.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'color=c=green:size=160x120:rate=25', '-t', '1', ...x264, '-pix_fmt', 'yuv420p10le', at('green-10bit.mp4')]);
  // Top half red, bottom half blue, shown rotated: after decoding the halves are left and right.
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'color=c=red:size=160x60:rate=25', '-t', '1', '-vf', 'pad=160:120:0:0:color=blue', ...x264, at('halves.mp4')]);
  ffmpegSync(ffmpeg, ['-i', at('halves.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('halves-rotated.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30', '-t', '2', '-vf', "setpts='PTS+if(gt(N,20),0.5/TB,0)'", '-vsync', 'vfr', ...x264, at('vfr.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '20', ...x264, at('long.mp4')]);
});

afterAll(() => temp.remove());

function decode(file: string, options: Partial<DecodeOptions> & { out: string }) {
  return decodeToFrames(at(file), { width: 64, height: 48, fps: 8, fit: 'crop', ...options });
}

/** Reads every frame of a frame file. */
function frames(path: string): { width: number; height: number; frames: Uint8Array[] } {
  const reader = new FrameFileReader(path);
  try {
    const list = Array.from({ length: reader.info.frameCount }, (_, i) => reader.read(i));
    return { width: reader.info.width, height: reader.info.height, frames: list };
  } finally {
    reader.close();
  }
}

function pixel(frame: Uint8Array, width: number, x: number, y: number): [number, number, number] {
  const i = (y * width + x) * 3;
  return [frame[i] as number, frame[i + 1] as number, frame[i + 2] as number];
}

const near = (a: number[], b: number[], tolerance = 12): boolean => a.every((v, i) => Math.abs(v - (b[i] as number)) <= tolerance);

describe('probe', () => {
  it('describes an H.264 MP4 made by testsrc2', async () => {
    const info = await probe(at('testsrc2.mp4'));
    expect(info).toMatchObject({
      codec: 'h264', width: 320, height: 240, codedWidth: 320, codedHeight: 240, fps: 25, vfr: false,
      rotation: 0, pixFmt: 'yuv420p', hasVideo: true, hasAudio: false, sampleAspect: 1,
    });
    expect(info.durationSec).toBeCloseTo(2, 1);
    expect(info.container).toContain('mp4');
  });

  it('sees audio beside video', async () => {
    const info = await probe(at('mandelbrot.mp4'));
    expect([info.hasAudio, info.fps, info.width, info.height]).toEqual([true, 10, 160, 120]);
  });

  it('reports a variable frame rate', async () => {
    expect((await probe(at('vfr.mp4'))).vfr).toBe(true);
  });

  it('times out and leaves no process', async () => {
    await expect(probe(at('testsrc2.mp4'), { limits: { probeTimeoutMs: 1 } })).rejects.toMatchObject({ code: 'timeout' });
    expect(childProcesses()).toEqual([]);
  });
});

describe('decodeToFrames', () => {
  it('decodes testsrc2 and mandelbrot to the project size and frame count', async () => {
    const a = await decode('testsrc2.mp4', { out: at('testsrc2.frames') });
    expect(a.frames).toMatchObject({ width: 64, height: 48, fps: 8, frameCount: 16 });
    const b = await decode('mandelbrot.mp4', { out: at('mandelbrot.frames'), width: 32, height: 32, fps: 5, fit: 'letterbox' });
    expect(b.frames).toMatchObject({ width: 32, height: 32, fps: 5, frameCount: 10 });
    const first = frames(at('mandelbrot.frames')).frames[0] as Uint8Array;
    expect(new Set(first).size).toBeGreaterThan(10);
  });

  it('crops to fill and letterboxes to fit, by pixel content', async () => {
    await decode('red.mp4', { out: at('red-crop.frames'), width: 48, height: 48, fit: 'crop' });
    const crop = frames(at('red-crop.frames'));
    for (const [x, y] of [[0, 0], [47, 0], [24, 24], [0, 47], [47, 47]] as const) {
      expect(near(pixel(crop.frames[0] as Uint8Array, 48, x, y), [255, 0, 0])).toBe(true);
    }
    await decode('red.mp4', { out: at('red-box.frames'), width: 64, height: 64, fit: 'letterbox' });
    const box = frames(at('red-box.frames'));
    const f = box.frames[0] as Uint8Array;
    // 320x240 into 64x64 fits as 64x48: 8 black rows above and below.
    expect(near(pixel(f, 64, 32, 3), [0, 0, 0], 4)).toBe(true);
    expect(near(pixel(f, 64, 32, 60), [0, 0, 0], 4)).toBe(true);
    expect(near(pixel(f, 64, 32, 32), [255, 0, 0])).toBe(true);
    expect(near(pixel(f, 64, 0, 32), [255, 0, 0])).toBe(true);
  });

  it('stretches non-square pixels before fitting', async () => {
    const info = await probe(at('red-sar2.mp4'));
    expect([info.sampleAspect, info.width, info.height]).toEqual([2, 320, 120]);
    await decode('red-sar2.mp4', { out: at('sar.frames'), width: 64, height: 64, fit: 'letterbox' });
    const f = frames(at('sar.frames')).frames[0] as Uint8Array;
    // Displayed 320x120 fits as 64x24: 20 black rows above and below.
    expect(near(pixel(f, 64, 32, 15), [0, 0, 0], 4)).toBe(true);
    expect(near(pixel(f, 64, 32, 25), [255, 0, 0])).toBe(true);
  });

  it('honours rotation in the direction probe reports', async () => {
    const info = await probe(at('halves-rotated.mp4'));
    expect([90, 270]).toContain(info.rotation);
    expect([info.width, info.height]).toEqual([120, 160]);
    await decode('halves-rotated.mp4', { out: at('rotated.frames'), width: 48, height: 64, fit: 'crop' });
    const f = frames(at('rotated.frames')).frames[0] as Uint8Array;
    const left = pixel(f, 48, 6, 32);
    const right = pixel(f, 48, 41, 32);
    // Clockwise 90 puts the top (red) on the right; 270 puts it on the left.
    const [redSide, blueSide] = info.rotation === 90 ? [right, left] : [left, right];
    expect(near(redSide, [255, 0, 0])).toBe(true);
    expect(near(blueSide, [0, 0, 255])).toBe(true);
    expect(near(pixel(f, 48, 6, 2), pixel(f, 48, 6, 61), 4)).toBe(true);
  });

  it('converts 10-bit to 8-bit RGB with the right colour', async () => {
    const info = await probe(at('green-10bit.mp4'));
    expect(info.pixFmt).toBe('yuv420p10le');
    await decode('green-10bit.mp4', { out: at('green.frames') });
    expect(near(pixel(frames(at('green.frames')).frames[0] as Uint8Array, 64, 32, 24), [0, 128, 0])).toBe(true);
  });

  it('resamples a variable frame rate to the project rate', async () => {
    const result = await decode('vfr.mp4', { out: at('vfr.frames'), fps: 10 });
    expect(result.source.vfr).toBe(true);
    expect(result.frames.frameCount).toBe(Math.round((result.source.durationSec ?? 0) * 10));
  });

  it('trims to maxSeconds and reports progress up to 1', async () => {
    const seen: number[] = [];
    const result = await decode('testsrc2.mp4', {
      out: at('trim.frames'), maxSeconds: 0.5, onProgress: (p) => seen.push(p.fraction ?? -1),
    });
    expect(result.frames.frameCount).toBe(4);
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('accepts footage over the duration limit when trimmed below it', async () => {
    await expect(decode('long.mp4', { out: at('long.frames'), limits: { maxDurationSec: 10 } })).rejects.toMatchObject({ code: 'too_long' });
    const trimmed = await decode('long.mp4', { out: at('long.frames'), limits: { maxDurationSec: 10 }, maxSeconds: 1 });
    expect(trimmed.frames.frameCount).toBe(8);
  });

  it('cancels mid-stream: no frame file, no partial file, no process', async () => {
    const controller = new AbortController();
    const out = at('cancel.frames');
    const pending = decode('long.mp4', { out, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(out)).toBe(false);
    expect(leftovers(temp.dir)).toEqual([]);
    expect(childProcesses()).toEqual([]);
  });

  it('times out: a typed error, nothing left', async () => {
    // An ffmpeg that probes normally but stalls when asked to decode, so the deadline always
    // passes first: a real decode of a short file can beat any small deadline on a fast machine.
    const stalling = at('stalling-ffmpeg.sh');
    writeFileSync(stalling, `#!/bin/sh\ncase "$*" in *rawvideo*) exec sleep 30 ;; esac\nexec '${ffmpeg}' "$@"\n`);
    chmodSync(stalling, 0o755);
    const out = at('timeout.frames');
    const error = await decode('long.mp4', { out, timeoutMs: 300, ffmpegPath: stalling }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('timeout');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(temp.dir).filter((n) => n.includes('timeout'))).toEqual([]);
    expect(childProcesses()).toEqual([]);
  });

  it('refuses invalid sizes before starting anything', async () => {
    await expect(decode('red.mp4', { out: at('bad.frames'), width: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(decode('red.mp4', { out: at('bad.frames'), fps: -1 })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
