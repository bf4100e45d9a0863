// Fine-tuning at revisits: cuts back to a place the history still holds ("back at the first
// place"), which only the memory can bring back. Found from the pixels; drawn as continuation
// targets with the revisited place in the history.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../main/engine/optim/rng';
import { drawTaskBatch } from '../../main/engine/train/batches';
import { clipFrames, recipeOf, validateTrainConfig, type TrainingClip } from '../../main/engine/train/index';
import { revisitCuts } from '../../main/engine/train/revisits';
import { selfTestConfig } from '../../main/engine/selftest';
import { shortRecipe, useEngine } from './helpers';

/** A 16x16 clip of shots, each a place drawn as one grey level; frame i adds i (a character moving). */
function clip(frames: number, shots: { start: number; place: number; caption: string }[]): TrainingClip {
  const size = 16 * 16 * 3;
  const data = new Uint8Array(frames * size);
  const shotOf = (f: number) => [...shots].reverse().find((s) => s.start <= f) as { place: number; caption: string };
  for (let i = 0; i < frames; i++) data.fill(shotOf(i).place + i, i * size, (i + 1) * size);
  return {
    width: 16, height: 16, frameCount: frames, frames: data,
    captions: Array.from({ length: frames }, (_, f) => shotOf(f).caption),
    shotStart: Array.from({ length: frames }, (_, f) => shots.some((s) => s.start === f)),
  };
}

const frameValues = (video: tf.Tensor5D): number[][] => {
  const [b, t] = video.shape;
  const data = video.dataSync();
  const per = data.length / (b * t);
  return Array.from({ length: b }, (_, i) => Array.from({ length: t }, (_, k) => Math.round(((data[(i * t + k) * per] as number) + 1) * 127.5)));
};

const config = selfTestConfig(); // history 8 frames, chunk 2: fine-tuning clips of 10 frames
const frames = clipFrames(config, 'finetune');
const back = clip(frames, [{ start: 0, place: 40, caption: 'a town' }, { start: 4, place: 200, caption: 'cut to a beach' }, { start: 6, place: 40, caption: 'back at the first place' }]);
const onward = clip(frames, [{ start: 0, place: 40, caption: 'a town' }, { start: 4, place: 200, caption: 'cut to a beach' }, { start: 6, place: 100, caption: 'cut to a desert' }]);

describe('revisit cuts', () => {
  it('are cuts back to a place shown before the previous shot, not cuts to a new place', () => {
    expect(revisitCuts(back, 2, 4)).toEqual([{ cut: 6, match: 2 }]) // the nearest frame of the town;
    expect(revisitCuts(onward, 2, 4)).toEqual([]);
    // Too little history before the cut, or a target chunk that would cross a cut: none.
    expect(revisitCuts(back, 2, 7)).toEqual([]);
    expect(revisitCuts(back, 5, 4)).toEqual([]);
  });

  it('targets the revisit with whole chunks of history reaching back to the place, as a new shot', async () => {
    await useEngine('cpu');
    const rng = Rng.fromSeed(5);
    let revisits = 0;
    for (let n = 0; n < 30; n++) {
      const drawn = drawTaskBatch([back, onward], rng, config, shortRecipe('finetune', { revisitMix: 0.9 }));
      const { batch } = drawn;
      if (batch.kind === 'continuation' && batch.newShot?.every(Boolean) === true) {
        revisits += 1;
        // The clip without a revisit borrows the other's.
        expect(batch.captions).toEqual(['back at the first place', 'back at the first place']);
        expect(batch.history.shape[1]).toBe(6);
        for (const past of frameValues(batch.history)) expect(past).toEqual([40, 41, 42, 43, 204, 205]);
        for (const next of frameValues(batch.target)) expect(next).toEqual([46, 47]);
      }
      drawn.dispose();
    }
    expect(revisits).toBeGreaterThan(20);
  });

  it('are part of the recipe only when set, and only for fine-tuning', () => {
    expect(recipeOf(shortRecipe('finetune', { revisitMix: 0 }))).not.toHaveProperty('revisitMix');
    expect(recipeOf(shortRecipe('finetune', { revisitMix: 0.3 }))).toMatchObject({ revisitMix: 0.3 });
    expect(() => validateTrainConfig(shortRecipe('pretrain', { revisitMix: 0.3 }), config)).toThrow(/for fine-tuning/);
    expect(() => validateTrainConfig(shortRecipe('finetune', { revisitMix: 1 }), config)).toThrow(/must be in \[0, 1\)/);
  });
});
