/**
 * The evaluation scales: every arm of a scale has the same generator and history, `long` holds
 * as much history as Storyworld's latest revisit gap, and the scales' models differ, so their
 * folders can never be mistaken for one another.
 */
import { describe, expect, it } from 'vitest';
import { EVAL_SCALES, LONG_HISTORY_SECONDS, armModelConfig, encoderArm } from '../../main/eval/scales';

const data = { width: 64, height: 64, fps: 8 };
const corpus = ['a snowy field with pine trees', 'the first character walks to the left'];

describe('evaluation scales', () => {
  it('gives `long` small\'s generator with a history as long as the revisit gaps', () => {
    const small = armModelConfig('small', encoderArm('pfp', '4x4x2'), data, corpus);
    const long = armModelConfig('long', encoderArm('pfp', '4x4x2'), data, corpus);
    expect(LONG_HISTORY_SECONDS).toBeGreaterThanOrEqual(24);
    expect(long.memory.historySeconds).toBe(LONG_HISTORY_SECONDS);
    expect(small.memory.historySeconds).toBe(6);
    expect(long.generator).toEqual(small.generator);
    expect(long.preset).not.toBe(small.preset);
  });

  it('keeps each scale\'s arms apart only by their memory encoder', () => {
    for (const scale of EVAL_SCALES) {
      const pfp = armModelConfig(scale, encoderArm('pfp', '4x4x2'), data, corpus);
      const lr = armModelConfig(scale, encoderArm('only-lr', '2x2x2'), data, corpus);
      expect(lr.generator).toEqual(pfp.generator);
      expect(lr.memory.historySeconds).toBe(pfp.memory.historySeconds);
      expect([lr.memory.variant, lr.memory.compression]).toEqual(['only-lr', '2x2x2']);
    }
    expect(new Set(EVAL_SCALES.map((s) => armModelConfig(s, encoderArm('pfp', '4x4x2'), data, corpus).preset)).size).toBe(EVAL_SCALES.length);
  });
});
