/**
 * The attribute judge: trained briefly on fresh Storyworld videos, it must read the held-out
 * videos of a dataset well above chance on every head (chance: place 1/8, shape 1/6, colour 1/9,
 * pattern 1/4), and a saved judge must load and give the same verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../main/data/index';
import { initEngine } from '../../main/engine/backend/index';
import * as tf from '@tensorflow/tfjs-core';
import { AttributeJudge, defaultJudgeConfig, judgeAccuracy, loadJudge, trainJudge } from '../../main/engine/judge/index';
import { trainAttributeJudge, type JudgeReport } from '../../main/eval/judge';
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
  });

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
