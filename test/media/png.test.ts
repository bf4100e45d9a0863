/**
 * The PNG encoder, checked by ffmpeg's PNG decoder (bit-exact), and thumbnail strips built from
 * a frame file: size, chosen frames, and the box-filtered pixels.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameFileWriter } from '../../main/media/frame-file';
import { encodePng } from '../../main/media/png';
import { evenlySpaced, writeThumbnailStrip } from '../../main/media/thumbnails';
import { ffmpegPath, prng, tempDir } from './helpers';

const temp = tempDir('png');
const at = (name: string): string => join(temp.dir, name);
let ffmpeg: string;

/** Decodes a PNG with ffmpeg into raw RGB bytes. */
function decodePng(file: string): Buffer {
  return execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
}

beforeAll(async () => {
  ffmpeg = await ffmpegPath();
});
afterAll(() => temp.remove());

describe('encodePng', () => {
  it('round-trips random pixels bit-exactly through ffmpeg', () => {
    const random = prng(7);
    const [w, h] = [37, 23];
    const rgb = Uint8Array.from({ length: w * h * 3 }, () => Math.floor(random() * 256));
    writeFileSync(at('random.png'), encodePng(rgb, w, h));
    expect(decodePng(at('random.png')).equals(Buffer.from(rgb))).toBe(true);
  });

  it('refuses a buffer of the wrong length', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2)).toThrow(/needs 12 bytes/);
  });
});

describe('writeThumbnailStrip', () => {
  it('spreads frames evenly', () => {
    expect(evenlySpaced(100, 4)).toEqual([12, 37, 62, 87]);
    expect(evenlySpaced(3, 10)).toEqual([0, 1, 2]);
    expect(evenlySpaced(1, 1)).toEqual([0]);
  });

  it('lays box-filtered frames side by side', async () => {
    // Frame i is uniformly grey level i * 10, except a white top-left 2x2 block in frame 0.
    const writer = new FrameFileWriter(at('grey.frames'), { width: 8, height: 4, fps: 8 });
    for (let i = 0; i < 20; i += 1) {
      const f = new Uint8Array(8 * 4 * 3).fill(i * 10);
      if (i === 0) for (const row of [0, 1]) f.fill(255, row * 8 * 3, row * 8 * 3 + 2 * 3);
      writer.write(f);
    }
    writer.close();
    const strip = await writeThumbnailStrip(at('grey.frames'), at('strip.png'), { count: 4, height: 2 });
    expect(strip).toMatchObject({ width: 16, height: 2, frames: [2, 7, 12, 17] });
    const pixels = decodePng(at('strip.png'));
    expect(pixels.length).toBe(16 * 2 * 3);
    expect([pixels[0], pixels[4 * 3], pixels[8 * 3], pixels[12 * 3]]).toEqual([20, 70, 120, 170]);
    expect(existsSync(at('strip.png.partial'))).toBe(false);

    // Each strip pixel averages a 2x2 box: frame 0's white block stays exactly white beside black.
    const all = await writeThumbnailStrip(at('grey.frames'), at('all.png'), { count: 20, height: 2 });
    expect(all).toMatchObject({ width: 80, height: 2 });
    const allPixels = decodePng(at('all.png'));
    expect([allPixels[0], allPixels[3], allPixels[4 * 3]]).toEqual([255, 0, 10]);
  });
});
