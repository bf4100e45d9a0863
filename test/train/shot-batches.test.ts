// Fine-tuning on shots: openings (a shot's first chunk from its caption alone, as a storyboard
// without footage begins) and hard cuts (the target starts where the film cuts). The clip
// sampler's shot flags, the batches drawn from them, the recipe fields, and exact resume.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipSampler, type Dataset } from '../../main/data/index';
import { CancelledError } from '../../main/engine/flow/errors';
import { Rng } from '../../main/engine/optim/rng';
import { drawTaskBatch } from '../../main/engine/train/batches';
import { clipFrames, historyFrames, recipeOf, runTraining, validateTrainConfig, type TrainingClip } from '../../main/engine/train/index';
import { saveCheckpoint } from '../../main/engine/checkpoint/folder';
import { VideoModel } from '../../main/engine/model/model';
import { resolveModel } from '../../main/jobs/runners/train-model';
import { microModel, shortRecipe, smallStoryworld, tempDir, trainerOptions, useEngine } from './helpers';

const temp = tempDir('shot-batches');
let dataset: Dataset;
beforeAll(async () => {
  dataset = await smallStoryworld(join(temp.dir, 'data'), 5, 20);
});
afterAll(() => temp.remove());

/** A synthetic clip of `frames` 16x16 frames whose frame i is filled with the value i. */
function clip(frames: number, shots: { start: number; caption: string; opening: boolean }[]): TrainingClip {
  const size = 16 * 16 * 3;
  const data = new Uint8Array(frames * size);
  for (let i = 0; i < frames; i++) data.fill(i, i * size, (i + 1) * size);
  const shotOf = (f: number) => [...shots].reverse().find((s) => s.start <= f);
  return {
    width: 16, height: 16, frameCount: frames, frames: data,
    captions: Array.from({ length: frames }, (_, f) => shotOf(f)?.caption ?? 'before'),
    shotOpening: Array.from({ length: frames }, (_, f) => shotOf(f)?.opening ?? false),
    shotStart: Array.from({ length: frames }, (_, f) => shots.some((s) => s.start === f)),
  };
}

/** Frame values of a [B, T, H, W, C] tensor in [-1, 1]: one value per frame, rounded back to 0..255. */
function frameValues(video: tf.Tensor5D): number[][] {
  const [b, t] = video.shape;
  const data = video.dataSync();
  const per = data.length / (b * t);
  return Array.from({ length: b }, (_, i) => Array.from({ length: t }, (_, k) => Math.round(((data[(i * t + k) * per] as number) + 1) * 127.5)));
}

describe('shot flags of sampled clips', () => {
  it('mark where each cut caption begins, and openings only at places not shown before', () => {
    const sampler = new ClipSampler({ datasets: [dataset], clipFrames: 80, split: 'all', seed: 1 });
    try {
      const video = dataset.video(dataset.videoIds[0] as string);
      const fps = video.file.fps;
      const seen = new Set<number>();
      let revisits = 0;
      for (const row of video.file.storyboard) {
        if (row.transition !== 'cut') continue;
        const start = Math.ceil(row.startSec * fps - 1e-9);
        const place = video.file.truth?.frames[start]?.place as number;
        expect(video.firstVisitAt(start, start)).toBe(!seen.has(place));
        if (seen.has(place)) revisits += 1;
        seen.add(place);
      }
      expect(revisits).toBeGreaterThan(0);
      for (let n = 0; n < 10; n++) {
        const c = sampler.next();
        const v = dataset.video(c.videoId);
        c.shotStart.forEach((isStart, k) => {
          const frame = c.startFrame + k;
          const row = v.captionAt(frame / fps);
          const opens = row?.transition === 'cut' && (frame === 0 || v.captionAt((frame - 1) / fps) !== row);
          expect(isStart).toBe(opens);
          if (c.shotOpening[k]) expect(row?.transition).toBe('cut');
          if (row?.transition !== 'cut') expect(c.shotOpening[k]).toBe(false);
        });
      }
    } finally {
      sampler.close();
    }
  });
});

describe('fine-tuning batches of shots', () => {
  const model = () => microModel(dataset);

  it('openings: no history, a chunk inside an opening caption, half of them at the shot\'s first frame', async () => {
    await useEngine('cpu');
    const config = model();
    const frames = clipFrames(config, 'finetune');
    const clips = [
      clip(frames, [{ start: 3, caption: 'cut to a beach', opening: true }, { start: 7, caption: 'the first character jumps', opening: false }]),
      clip(frames, [{ start: 0, caption: 'back at the first place', opening: false }]),
    ];
    const rng = Rng.fromSeed(2);
    const starts: number[] = [];
    for (let n = 0; n < 40; n++) {
      const drawn = drawTaskBatch(clips, rng, config, shortRecipe('finetune', { openingMix: 0.99 }));
      const { batch } = drawn;
      expect(batch.kind).toBe('continuation');
      if (batch.kind === 'continuation') {
        expect(batch.history.shape[1]).toBe(0);
        expect(batch.newShot).toEqual([true, true]);
        // The clip without an opening borrows the other clip's.
        expect(batch.captions).toEqual(['cut to a beach', 'cut to a beach']);
        for (const [first, second] of frameValues(batch.target)) {
          expect(second).toBe((first as number) + 1);
          expect(first).toBeGreaterThanOrEqual(3);
          expect(first).toBeLessThanOrEqual(5);
          starts.push(first as number);
        }
      }
      drawn.dispose();
    }
    const atShotStart = starts.filter((s) => s === 3).length / starts.length;
    expect(atShotStart).toBeGreaterThan(0.4);
    expect(atShotStart).toBeLessThan(0.9);
  });

  it('cuts: each target starts at a cut with the history before it, else at the clip\'s end', async () => {
    await useEngine('cpu');
    const config = model();
    const frames = clipFrames(config, 'finetune');
    const history = historyFrames(config);
    const clips = [
      clip(frames, [{ start: 0, caption: 'a town', opening: true }, { start: 6, caption: 'cut to a beach', opening: true }]),
      clip(frames, [{ start: 0, caption: 'a desert', opening: true }]),
    ];
    const rng = Rng.fromSeed(3);
    let eligible = 0;
    let cuts = 0;
    for (let n = 0; n < 40; n++) {
      const drawn = drawTaskBatch(clips, rng, config, shortRecipe('finetune', { cutMix: 0.99 }));
      const { batch } = drawn;
      if (batch.kind === 'continuation') {
        const h = batch.history.shape[1];
        expect(h).toBeLessThanOrEqual(history);
        const [past0, past1] = frameValues(batch.history);
        const [next0, next1] = frameValues(batch.target);
        // Clip 0 cuts at frame 6; a batch drawn as plain continuation (1%) ends both clips at the end.
        if (h <= 6) eligible += 1;
        if (next0?.[0] === 6) cuts += 1;
        else expect(next0?.[0]).toBe(frames - 2);
        // A target at the cut opens a new shot; one at the end of a shot continues it.
        expect(batch.newShot).toEqual([next0?.[0] === 6, false]);
        expect(past0).toEqual(Array.from({ length: h }, (_, i) => (next0?.[0] as number) - h + i));
        expect(batch.captions[0]).toBe('cut to a beach');
        expect(next1?.[0]).toBe(frames - 2);
        expect(past1).toEqual(Array.from({ length: h }, (_, i) => frames - 2 - h + i));
        expect(batch.captions[1]).toBe('a desert');
      }
      drawn.dispose();
    }
    expect(eligible).toBeGreaterThan(10);
    expect(cuts).toBeGreaterThanOrEqual(eligible - 2);
  });

  it('history noise: corrupts the history alone, per sample, reproducibly from the seed', async () => {
    await useEngine('cpu');
    const config = model();
    const frames = clipFrames(config, 'finetune');
    const clips = [clip(frames, [{ start: 0, caption: 'a town', opening: true }]), clip(frames, [{ start: 0, caption: 'a desert', opening: true }])];
    const draw = (noise: number) => {
      const drawn = drawTaskBatch(clips, Rng.fromSeed(4), config, shortRecipe('finetune', { historyNoise: noise }));
      if (drawn.batch.kind !== 'continuation') throw new Error('expected a continuation batch');
      const out = { history: drawn.batch.history.arraySync() as number[][][][][], target: drawn.batch.target.dataSync().slice(), newShot: drawn.batch.newShot };
      drawn.dispose();
      return out;
    };
    const clean = draw(0);
    const noisy = draw(0.5);
    expect(noisy.target).toEqual(clean.target);
    expect(noisy.newShot).toEqual(clean.newShot);
    expect(draw(0.5).history).toEqual(noisy.history);
    const flat = (h: number[][][][][], i: number) => (h[i] as number[][][][]).flat(3);
    for (const i of [0, 1]) {
      const diffs = flat(noisy.history, i).map((v, k) => v - (flat(clean.history, i)[k] as number));
      expect(Math.max(...diffs.map(Math.abs))).toBeGreaterThan(0.01);
      expect(flat(noisy.history, i).every((v) => v >= -1 && v <= 1)).toBe(true);
    }
    expect(recipeOf(shortRecipe('finetune', { historyNoise: 0 }))).not.toHaveProperty('historyNoise');
    expect(recipeOf(shortRecipe('finetune', { historyNoise: 0.2 }))).toMatchObject({ historyNoise: 0.2 });
    expect(() => validateTrainConfig(shortRecipe('pretrain', { historyNoise: 0.2 }), config)).toThrow(/for fine-tuning/);
    expect(() => validateTrainConfig(shortRecipe('finetune', { historyNoise: 1.5 }), config)).toThrow(/must be in \[0, 1\]/);
    expect(() => validateTrainConfig(shortRecipe('finetune', { lowNoiseWeight: -1 }), config)).toThrow(/low-noise weight must be 0 or more/);
    expect(() => validateTrainConfig(shortRecipe('finetune', { lowNoiseWeight: 0.25 }), config)).not.toThrow();
  });

  /** A model saved as a checkpoint folder without any of the parts `resolveModel` can add. */
  async function savedModelWithout(name: string) {
    await useEngine('cpu');
    const config = model();
    const source = new VideoModel(config, 3);
    const dir = join(temp.dir, name);
    await saveCheckpoint(dir, { config: { preset: config.preset, architecture: config }, weights: source.params() });
    return { config, source, dir };
  }

  it('--window-injection on a checkpoint without it adds it at zero, with the shot embedding, the window shortcut, the skip connection and the pixel head when asked', async () => {
    const { config, source, dir } = await savedModelWithout('no-injection-model');
    const added = resolveModel({ from: dir, windowInjection: true, windowShortcut: true, shotEmbedding: true, skipConnection: true, pixelHead: 8 }, [dataset], []);
    try {
      expect(added.config.generator.windowInjection).toBe(true);
      expect(added.config.flow.skipDataStd).toBe(0.5);
      expect(added.config.generator.shotEmbedding).toBe(true);
      const weights = added.initialWeights?.weights as Map<string, tf.Tensor>;
      expect(added.config.generator.windowShortcut).toBe(true);
      for (const name of ['generator.windowInjection.weight', 'generator.windowInjection.bias', 'generator.windowShortcut.gate.weight', 'generator.windowShortcut.gate.bias']) {
        expect([...(weights.get(name)?.dataSync() ?? [1])].every((v) => v === 0)).toBe(true);
      }
      const map = weights.get('generator.windowShortcut.map.weight') as tf.Tensor;
      const values = config.video.patch ** 2 * config.video.channels;
      expect(map.shape).toEqual([values, values]);
      expect(tf.tidy(() => tf.sum(tf.abs(tf.sub(map, tf.eye(values)))).dataSync()[0])).toBe(0);
      const built = new VideoModel(added.config, 1);
      expect([...built.params().keys()].sort()).toEqual([...weights.keys()].sort());
      // The pixel head starts as a fresh model's would: seeded convolutions, and a last one at zero.
      expect(added.config.generator.pixelHead).toBe(8);
      for (const name of ['conv0.filter', 'conv1.filter', 'conv2.filter', 'conv2.bias']) {
        const full = `generator.pixelHead.${name}`;
        expect(tf.tidy(() => tf.max(tf.abs(tf.sub(weights.get(full) as tf.Tensor, built.params().get(full) as tf.Tensor))).dataSync()[0]), full).toBe(0);
      }
      expect([...(weights.get('generator.pixelHead.conv2.filter')?.dataSync() ?? [1])].every((v) => v === 0)).toBe(true);
      built.dispose();
    } finally {
      added.release();
      source.dispose();
    }
  });

  it('--pixel-gate adds the head\'s gate at zero, with a head added beside it or to one the checkpoint has, and refuses a model without a head', async () => {
    const { dir } = await savedModelWithout('no-gate-model');
    expect(() => resolveModel({ from: dir, pixelGate: true }, [dataset], [])).toThrow(/pixel gate needs a pixel head/);
    const added = resolveModel({ from: dir, pixelHead: 8, pixelGate: true }, [dataset], []);
    try {
      expect(added.config.generator.pixelGate).toBe(true);
      const weights = added.initialWeights?.weights as Map<string, tf.Tensor>;
      for (const name of ['generator.pixelHead.gate.filter', 'generator.pixelHead.gate.bias']) {
        expect([...(weights.get(name)?.dataSync() ?? [1])].every((v) => v === 0), name).toBe(true);
      }
      expect(weights.get('generator.pixelHead.gate.filter')?.shape).toEqual([3, 3, 8, 1]);
      const built = new VideoModel(added.config, 1);
      expect([...built.params().keys()].sort()).toEqual([...weights.keys()].sort());
      built.dispose();
    } finally {
      added.release();
    }
  });

  it('--shot-embedding on a checkpoint without one adds it at zero, beside the checkpoint\'s own weights', async () => {
    const { source, dir } = await savedModelWithout('no-shot-model');
    const plain = resolveModel({ from: dir }, [dataset], []);
    expect(plain.config.generator.shotEmbedding).toBeUndefined();
    plain.release();
    const added = resolveModel({ from: dir, shotEmbedding: true }, [dataset], []);
    try {
      expect(added.config.generator.shotEmbedding).toBe(true);
      const weights = added.initialWeights?.weights as Map<string, tf.Tensor>;
      expect([...(weights.get('generator.shotEmbedding')?.dataSync() ?? [1])].every((v) => v === 0)).toBe(true);
      const built = new VideoModel(added.config, 1);
      expect([...built.params().keys()].sort()).toEqual([...weights.keys()].sort());
      built.dispose();
    } finally {
      added.release();
      source.dispose();
    }
  });

  it('are part of the recipe only when set, and only for fine-tuning', () => {
    const config = model();
    expect(recipeOf(shortRecipe('finetune', { openingMix: 0, cutMix: 0 }))).not.toHaveProperty('openingMix');
    expect(recipeOf(shortRecipe('finetune', { openingMix: 0.3, cutMix: 0.2 }))).toMatchObject({ openingMix: 0.3, cutMix: 0.2 });
    expect(() => validateTrainConfig(shortRecipe('pretrain', { openingMix: 0.3 }), config)).toThrow(/for fine-tuning/);
    expect(() => validateTrainConfig(shortRecipe('finetune', { cutMix: 1 }), config)).toThrow(/must be in \[0, 1\)/);
  });

  it('resume exactly: 8 steps straight equal 6, a stop, and a resume to 8', async () => {
    await useEngine('cpu');
    const recipe = shortRecipe('finetune', { steps: 8, checkpointEvery: 2, openingMix: 0.4, cutMix: 0.5, retrievalMix: 0.2, historyNoise: 0.3 });
    const run = async (runDir: string, stopAfter?: number) => {
      const losses = new Map<number, number>();
      const controller = new AbortController();
      await runTraining({
        ...trainerOptions(dataset, model(), recipe, runDir), signal: controller.signal,
        onStep: (report) => {
          losses.set(report.step, report.loss);
          if (report.step === stopAfter) controller.abort();
        },
      });
      return losses;
    };
    const straight = await run(join(temp.dir, 'straight'));
    await expect(run(join(temp.dir, 'resumed'), 6)).rejects.toBeInstanceOf(CancelledError);
    const resumed = await run(join(temp.dir, 'resumed'));
    expect([...resumed.keys()]).toEqual([7, 8]);
    for (const [step, loss] of resumed) expect(loss).toBe(straight.get(step));
  });
});
