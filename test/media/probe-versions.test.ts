/**
 * probe reads `ffmpeg -i` text, whose layout changes between ffmpeg versions. Every ffmpeg the
 * machine has (the npm package's 4.x, the system's 5.x or later on PATH) must describe the same
 * files the same way. Plus the frame-rate judgement on timestamps, with rounding that is not VFR.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMp4 } from '../../main/media/encode';
import { probe } from '../../main/media/probe';
import { timestampStats } from '../../main/media/probe-parse';
import { ffmpegPath, ffmpegSync, tempDir } from './helpers';

const temp = tempDir('versions');
const at = (name: string): string => join(temp.dir, name);
const binaries = new Set<string>();

beforeAll(async () => {
  const ffmpeg = await ffmpegPath();
  binaries.add(ffmpeg);
  try {
    binaries.add(execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim());
  } catch {
    // no ffmpeg on PATH: the package's binary alone is compared with itself
  }
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '1', ...x264, at('base.mp4')]);
  ffmpegSync(ffmpeg, ['-i', at('base.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '1', ...x264, '-pix_fmt', 'yuv420p10le', at('ten.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc=size=319x239:rate=30000/1001', '-f', 'lavfi', '-i', 'sine=duration=1', '-t', '1', '-c:v', 'ffv1', '-c:a', 'flac', at('odd.mkv')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '1', '-vf', 'setsar=4/3', '-c:v', 'mpeg4', at('sar.avi')]);
  await encodeMp4({
    frames: [new Uint8Array(32 * 32 * 3), new Uint8Array(32 * 32 * 3)], width: 32, height: 32, fps: 2, out: at('meta.mp4'), preset: 'ultrafast',
    metadata: { comment: '{"seed":7,"text":"multi\nline"}' }, chapters: [{ startSec: 0, endSec: 0.5, title: 'Only: one' }],
  });
});
afterAll(() => temp.remove());

describe('probe across ffmpeg versions', () => {
  it('describes each file identically with every ffmpeg found', async () => {
    const files = ['base.mp4', 'rotated.mp4', 'ten.mp4', 'odd.mkv', 'sar.avi', 'meta.mp4'];
    const views = new Map<string, unknown[]>();
    for (const ffmpegPath of binaries) {
      const infos = [];
      for (const file of files) {
        const { tags, ...info } = await probe(at(file), { ffmpegPath });
        infos.push({ ...info, comment: tags.comment });
      }
      views.set(ffmpegPath, infos);
    }
    const [first, ...others] = [...views.values()];
    for (const other of others) expect(other).toEqual(first);
    const [base, rotated, ten, odd, sar, meta] = first as Awaited<ReturnType<typeof probe>>[] & { comment?: string }[];
    expect(base).toMatchObject({ width: 160, height: 120, fps: 25, rotation: 0 });
    expect(rotated).toMatchObject({ width: 120, height: 160, codedWidth: 160 });
    expect([90, 270]).toContain(rotated?.rotation);
    expect(ten?.pixFmt).toBe('yuv420p10le');
    expect(odd).toMatchObject({ codec: 'ffv1', width: 319, height: 239, hasAudio: true, vfr: false });
    expect(odd?.fps).toBeCloseTo(29.97, 2);
    expect(sar).toMatchObject({ codec: 'mpeg4', sampleAspect: 4 / 3, width: 213, height: 120 });
    expect(meta).toMatchObject({ comment: '{"seed":7,"text":"multi\nline"}', chapters: [{ startSec: 0, endSec: 0.5, title: 'Only: one' }] });
  });
});

describe('timestampStats', () => {
  const framecrc = (tb: string, pts: number[]): string =>
    [`#tb 0: ${tb}`, ...pts.map((p) => `0, ${p}, ${p}, 1, 100, 0x00000000`)].join('\n');

  it('treats one-tick rounding as a constant rate', () => {
    // 29.97 fps in a 1/1000 time base: 33 and 34 ms intervals.
    const pts = Array.from({ length: 30 }, (_, i) => Math.round((i * 1001) / 30));
    const stats = timestampStats(framecrc('1/1000', pts));
    expect(stats?.vfr).toBe(false);
    expect(stats?.fps).toBeCloseTo(29.97, 1);
  });

  it('sees a gap as variable, whatever the packet order', () => {
    const pts = [0, 1024, 512, 1536, 2048, 4096, 4608, 5120];
    expect(timestampStats(framecrc('1/12800', pts))?.vfr).toBe(true);
  });

  it('needs a time base and three timestamps', () => {
    expect(timestampStats('0, 0, 0, 1, 1, 0x0')).toBeUndefined();
    expect(timestampStats(framecrc('1/25', [0, 1]))).toBeUndefined();
  });
});
