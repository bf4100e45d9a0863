/**
 * The attribute judge: trained briefly on fresh Storyworld videos, it must read the held-out
 * videos of a dataset well above chance on every head (chance: place 1/8, shape 1/6, colour 1/9,
 * pattern 1/4), find characters where they are drawn, and a saved judge must load and give the
 * same verdicts.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../main/data/index';
import { initEngine } from '../../main/engine/backend/index';
import * as tf from '@tensorflow/tfjs-core';
import {
  AttributeJudge, JUDGE_FORMAT, LOCATED_MIN_IOU, boxIou, defaultJudgeConfig, judgeAccuracy, judgeFrames, loadJudge, trainJudge, type LabelledCharacter,
} from '../../main/engine/judge/index';
import { ensureJudge, trainAttributeJudge, type JudgeReport } from '../../main/eval/judge';
import { judgeableCharacters, judgeSet, storyworldClasses } from '../../main/eval/judge-data';
import { storyworld, tempDir } from './helpers';

const temp = tempDir('judge');
let data: string;
let report: JudgeReport;

beforeAll(async () => {
  await initEngine();
  data = await storyworld(`${temp.dir}/data`, 12, 64, 9);
  report = await trainAttributeJudge({
    data: [data], out: `${temp.dir}/judge`, steps: 200, batch: 24, learningRate: 3e-3, seed: 1,
    validationFraction: 0.34, trainVideos: 200, trainSeconds: 9, frameStep: 12,
  });
}, 120_000);

afterAll(() => temp.remove());

describe('attribute judge', () => {
  it('reads held-out videos well above chance on every head', () => {
    const { accuracy } = report;
    expect(accuracy.place.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy.colour.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy.shape.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(accuracy.pattern.accuracy).toBeGreaterThanOrEqual(0.4);
    // Every frame of the four held-out videos is scored, and every judgeable character in them.
    const dataset = openDataset(data);
    const heldOut = dataset.split(0.34).validation;
    expect(heldOut).toHaveLength(4);
    const frames = heldOut.reduce((n, id) => n + dataset.video(id).file.frameCount, 0);
    expect(accuracy.place.total).toBe(frames);
    const characters = heldOut.reduce((n, id) => {
      const video = dataset.video(id);
      let count = 0;
      for (let f = 0; f < video.file.frameCount; f++) count += judgeableCharacters(video.truthAt(f)!, 64, 64).length;
      return n + count;
    }, 0);
    expect(accuracy.shape.total).toBe(characters);
    expect(characters).toBeGreaterThan(50);
    // Presence at boxes with and without a character, and each character found where it is when searched for.
    expect(accuracy.presence.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy.location.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(accuracy.location.total).toBe(characters);
  });

  it('finds a character where it is drawn, not where its box says, and none where it is not drawn', () => {
    const loaded = loadJudge(`${temp.dir}/judge`);
    try {
      const set = judgeSet([openDataset(data)], loaded.judge.config, { split: 'validation', validationFraction: 0.34, frameStep: 1 });
      const alone = set.frames.filter((f) => f.characters.length === 1 && (f.occupied?.length ?? 0) === 1);
      expect(alone.length).toBeGreaterThan(10);
      let found = 0;
      let vanished = 0;
      for (const frame of alone.slice(0, 10)) {
        const truth = (frame.characters[0] as LabelledCharacter).box;
        // Asked for at a box 40% of the frame away, the character is still found at its own box.
        const shifted = { ...truth, x: truth.x > 32 ? truth.x - 26 : truth.x + 26 };
        const moved = judgeFrames(loaded.judge, [frame.pixels], set.width, set.height, [{ frame: 0, box: shifted }], { locate: true });
        if (moved.read[0] && boxIou(moved.read[0], truth) >= LOCATED_MIN_IOU) found += 1;
        // Painted over with the colour just above it, it is found nowhere near its box.
        const painted = Uint8Array.from(frame.pixels);
        const above = Math.max(0, Math.floor(truth.y) - 1);
        for (let y = Math.floor(truth.y); y < Math.ceil(truth.y + truth.height) && y < set.height; y++) {
          for (let x = Math.floor(truth.x); x < Math.ceil(truth.x + truth.width) && x < set.width; x++) {
            for (let c = 0; c < 3; c++) painted[(y * set.width + x) * 3 + c] = frame.pixels[(above * set.width + x) * 3 + c] as number;
          }
        }
        const gone = judgeFrames(loaded.judge, [painted], set.width, set.height, [{ frame: 0, box: truth }], { locate: true });
        const left = gone.read[0] ?? null;
        if (left === null || boxIou(left, truth) < LOCATED_MIN_IOU) vanished += 1;
        if (left === null) expect(gone.characters[0]).toBeNull();
      }
      expect(found).toBeGreaterThanOrEqual(8);
      expect(vanished).toBeGreaterThanOrEqual(8);
    } finally {
      loaded.judge.dispose();
    }
  });

  it('refuses a judge of the format before presence, and ensureJudge trains it again', async () => {
    const dir = `${temp.dir}/old-judge`;
    cpSync(`${temp.dir}/judge`, dir, { recursive: true });
    const configPath = `${dir}/config.json`;
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { architecture: { formatVersion: number } };
    config.architecture.formatVersion = 1;
    const text = JSON.stringify(config);
    writeFileSync(configPath, text);
    // Its manifest vouches for the edited config, as one written by the older code would.
    const manifestPath = `${dir}/manifest.json`;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { name: string; size: number; sha256: string }[] };
    const entry = manifest.files.find((f) => f.name === 'config.json') as { size: number; sha256: string };
    entry.size = Buffer.byteLength(text);
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(() => loadJudge(dir)).toThrow(/judge format 1 predates the presence head/);
    const again = await ensureJudge(dir, {
      data: [data], steps: 2, batch: 4, learningRate: 3e-3, seed: 1, validationFraction: 0.34, trainVideos: 2, trainSeconds: 9, frameStep: 12,
    });
    try {
      expect(again.judge.config.formatVersion).toBe(JUDGE_FORMAT);
    } finally {
      again.judge.dispose();
    }
  }, 60_000);

  it('saves a judge that loads with the same verdicts and its accuracy recorded', () => {
    const loaded = loadJudge(`${temp.dir}/judge`);
    try {
      expect(loaded.sha256).toBe(report.sha256);
      expect(loaded.metrics['judge/place/accuracy']).toBeCloseTo(report.accuracy.place.accuracy, 10);
      const set = judgeSet([openDataset(data)], loaded.judge.config, { split: 'validation', validationFraction: 0.34, frameStep: 1 });
      const again = judgeAccuracy(loaded.judge, set);
      for (const head of ['place', 'shape', 'colour', 'pattern'] as const) expect(again[head].correct).toBe(report.accuracy[head].correct);
    } finally {
      loaded.judge.dispose();
    }
  });

  it('frees every tensor it makes while training and judging', async () => {
    const judge = new AttributeJudge(defaultJudgeConfig(storyworldClasses()), 2);
    try {
      const set = judgeSet([openDataset(data)], judge.config, { split: 'validation', validationFraction: 0.34, frameStep: 16 });
      const before = tf.memory().numTensors;
      await trainJudge(judge, set, { steps: 2, batch: 4, learningRate: 1e-3, seed: 1 });
      judgeAccuracy(judge, set);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      judge.dispose();
    }
  });

  it('judges only characters fully inside the frame and not covered by another', () => {
    const truth = {
      frame: 0, place: 'p0', placeKind: 'meadow' as const, characters: [
        { id: 'c0', shape: 'circle' as const, colour: 'red' as const, pattern: 'plain' as const, box: { x: 0, y: 10, width: 12, height: 20 } },
        { id: 'c1', shape: 'star' as const, colour: 'blue' as const, pattern: 'dotted' as const, box: { x: 20, y: 10, width: 12, height: 20 } },
        { id: 'c2', shape: 'square' as const, colour: 'pink' as const, pattern: 'striped' as const, box: { x: 40, y: 10, width: 12, height: 20 } },
        { id: 'c3', shape: 'diamond' as const, colour: 'green' as const, pattern: 'checked' as const, box: { x: 44, y: 12, width: 12, height: 20 } },
      ],
    };
    expect(judgeableCharacters(truth, 64, 64).map((c) => c.id)).toEqual(['c1']);
  });
});
