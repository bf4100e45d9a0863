import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COLOUR_NAMES, COLOURS, PATTERNS, SHAPES, describeLook } from '../../main/data/storyworld/identity';
import { PLACE_KINDS, layoutPlace } from '../../main/data/storyworld/place-layouts';
import { StoryworldVideo, type FrameTruth } from '../../main/data/storyworld/video';
import { Rng } from '../../main/data/random';

const base = { seconds: 30, width: 64, height: 64, fps: 8 };

function renderAll(video: StoryworldVideo): { hash: string; truths: FrameTruth[]; frames: Uint8Array[] } {
  const hash = createHash('sha256');
  const truths: FrameTruth[] = [];
  const frames: Uint8Array[] = [];
  for (let i = 0; i < video.frameCount; i++) {
    const { pixels, truth } = video.renderFrame(i);
    hash.update(pixels);
    truths.push(truth);
    frames.push(pixels);
  }
  hash.update(JSON.stringify([video.storyboard, truths]));
  return { hash: hash.digest('hex'), truths, frames };
}

/** Words that would give a character's look away. */
const lookWords = (c: { shape: string; colour: string; pattern: string }) => [c.shape, c.colour, c.pattern].filter((w) => w !== 'plain');
const containsWord = (text: string, word: string) => new RegExp(`\\b${word}\\b`).test(text);

describe('Storyworld generator', () => {
  it('gives byte-identical videos for one seed and different ones for another', () => {
    const a = renderAll(new StoryworldVideo({ ...base, seed: 7, seconds: 12 }));
    const b = renderAll(new StoryworldVideo({ ...base, seed: 7, seconds: 12 }));
    const c = renderAll(new StoryworldVideo({ ...base, seed: 8, seconds: 12 }));
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('renders any frame on its own exactly as in a sequential pass', () => {
    const video = new StoryworldVideo({ ...base, seed: 3 });
    const sequential = renderAll(video);
    const fresh = new StoryworldVideo({ ...base, seed: 3 });
    for (const i of [200, 5, 131, 0, 239]) expect(Buffer.from(fresh.renderFrame(i).pixels).equals(Buffer.from(sequential.frames[i] as Uint8Array))).toBe(true);
  });

  it('boxes hold the character: its colour inside, large in the frame, within bounds', () => {
    let checked = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const video = new StoryworldVideo({ ...base, seed });
      const { truths, frames } = renderAll(video);
      truths.forEach((truth, i) => {
        const pixels = frames[i] as Uint8Array;
        truth.characters.forEach((c, k) => {
          const { x, y, width, height } = c.box;
          expect(x >= 0 && y >= 0 && x + width <= 64 && y + height <= 64).toBe(true);
          const later = truth.characters.slice(k + 1);
          const overlapped = later.some((o) => o.box.x < x + width && x < o.box.x + o.box.width && o.box.y < y + height && y < o.box.y + o.box.height);
          if (overlapped || width < 6) return;
          let matches = 0;
          const target = COLOURS[c.colour];
          for (let py = y; py < y + height; py++) {
            for (let px = x; px < x + width; px++) {
              const o = (py * 64 + px) * 3;
              if ((((pixels[o] as number) << 16) | ((pixels[o + 1] as number) << 8) | (pixels[o + 2] as number)) === target) matches++;
            }
          }
          expect(matches, `frame ${i} of seed ${seed}, ${c.id}`).toBeGreaterThan(3);
          const whole = x > 0 && y > 0 && x + width < 64 && y + height < 64;
          if (whole) {
            // Large characters: about a quarter to a half of the frame height.
            expect(height / 64).toBeGreaterThanOrEqual(0.25);
            expect(height / 64).toBeLessThanOrEqual(0.5);
          }
          checked++;
        });
      });
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('every video cuts away from its first place and back, and a character leaves and returns unnamed', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const seconds = seed % 5 === 0 ? 9 : 30;
      const video = new StoryworldVideo({ ...base, seed, seconds });
      const truths = Array.from({ length: video.frameCount }, (_, i) => video.renderFrame(i).truth);
      const places = truths.map((t) => t.place);
      const away = places.findIndex((p) => p !== places[0]);
      expect(away, `seed ${seed}`).toBeGreaterThan(0);
      expect(places.indexOf(places[0] as string, away), `seed ${seed}: back to the first place`).toBeGreaterThan(away);

      const caption = (i: number) => video.storyboard.find((r) => r.startSec <= i / 8 && i / 8 < r.endSec)?.text ?? '';
      let returns = 0;
      for (const character of video.characters) {
        const seen = truths.map((t) => t.characters.some((c) => c.id === character.id));
        const first = seen.indexOf(true);
        expect(first, `seed ${seed} ${character.id} appears`).toBeGreaterThanOrEqual(0);
        for (let i = first + 1; i < seen.length; i++) {
          if (!seen[i] || seen[i - 1]) continue;
          const gap = i - 1 - seen.lastIndexOf(true, i - 1);
          if (gap < 8) continue;
          returns++;
          for (const word of lookWords(character)) expect(containsWord(caption(i), word), `seed ${seed} frame ${i}: '${caption(i)}'`).toBe(false);
        }
      }
      expect(returns, `seed ${seed}: someone leaves for a second or more and comes back`).toBeGreaterThan(0);
    }
  });

  it('describes each look and place once, then refers back without describing', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const video = new StoryworldVideo({ ...base, seed });
      const texts = video.storyboard.map((r) => r.text);
      for (const character of video.characters) {
        const full = describeLook(character);
        expect(texts.filter((t) => t.includes(full)), `seed ${seed} ${full}`).toHaveLength(1);
      }
      for (const place of video.places) expect(texts.filter((t) => t.includes(place.description))).toHaveLength(1);
      expect(texts.some((t) => t.startsWith('back at the first place'))).toBe(true);
      expect(texts.some((t) => t.includes('the first character comes back'))).toBe(true);
    }
  });

  it('storyboard rows tile the video, and each cut in the frames starts a cut row', () => {
    for (const seed of [2, 11, 19]) {
      const video = new StoryworldVideo({ ...base, seed, seconds: 31.3 });
      const rows = video.storyboard;
      expect(rows[0]?.startSec).toBe(0);
      expect(rows[rows.length - 1]?.endSec).toBe(31.3);
      rows.slice(1).forEach((row, i) => expect(row.startSec).toBe(rows[i]?.endSec));
      let previous = video.renderFrame(0).truth.place;
      for (let i = 1; i < video.frameCount; i++) {
        const place = video.renderFrame(i).truth.place;
        if (place !== previous) {
          const row = rows.find((r) => r.startSec <= i / 8 && i / 8 < r.endSec);
          expect(row?.transition).toBe('cut');
          expect(Math.abs((row?.startSec ?? -1) * 8 - i)).toBeLessThan(1);
        }
        previous = place;
      }
    }
  });

  it('place captions never use a look word, and every kind of place lays out', () => {
    const words = [...SHAPES, ...COLOUR_NAMES, ...PATTERNS];
    for (const kind of PLACE_KINDS) {
      for (let seed = 0; seed < 5; seed++) {
        const layout = layoutPlace(kind, new Rng(seed));
        for (const word of words) expect(containsWord(layout.description, word), `${kind}: ${layout.description}`).toBe(false);
        expect(layout.walkTop).toBeLessThan(0.8);
      }
    }
  });

  it('works at other sizes and frame rates', () => {
    const video = new StoryworldVideo({ seed: 5, seconds: 12, width: 160, height: 90, fps: 24 });
    expect(video.frameCount).toBe(288);
    for (const i of [0, 100, 287]) {
      const { pixels, truth } = video.renderFrame(i);
      expect(pixels.length).toBe(160 * 90 * 3);
      for (const c of truth.characters) expect(c.box.x + c.box.width <= 160 && c.box.y + c.box.height <= 90).toBe(true);
    }
    expect(() => new StoryworldVideo({ seed: 1, seconds: 5, width: 64, height: 64, fps: 8 })).toThrow(RangeError);
  });

  it('renders far faster than real time at 64x64', () => {
    const video = new StoryworldVideo({ ...base, seed: 9, seconds: 60 });
    const buffer = new Uint8Array(64 * 64 * 3);
    const started = performance.now();
    for (let i = 0; i < video.frameCount; i++) video.renderFrame(i, buffer);
    const framesPerSecond = video.frameCount / ((performance.now() - started) / 1000);
    console.log(`Storyworld 64x64: ${Math.round(framesPerSecond)} frames/s (${Math.round(framesPerSecond / 8)}x real time at 8 fps)`);
    // Generous bound for a loaded 2-core machine; measured in the thousands.
    expect(framesPerSecond).toBeGreaterThan(20 * 8);
  });
});

describe('Rng', () => {
  it('continues exactly from a saved state and stays in range', () => {
    const rng = new Rng(42);
    for (let i = 0; i < 10; i++) rng.nextU32();
    const copy = Rng.fromState(rng.state());
    const a = Array.from({ length: 20 }, () => rng.below(7));
    expect(Array.from({ length: 20 }, () => copy.below(7))).toEqual(a);
    expect(a.every((v) => v >= 0 && v < 7)).toBe(true);
    expect(new Rng(1).nextU32()).not.toBe(new Rng(2).nextU32());
  });
});
