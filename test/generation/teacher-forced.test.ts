// Teacher-forced continuation (issue 13): each chunk of a held-out storyboard generated from the
// true video before it, scored against repeating the last true frame. The generator should do at
// least as well as that repetition, since it is shown the very frame; the weights shipped so far
// do not (17.2 / 17.6 dB against 20.4 / 19.3 dB over 6 s of storyboards 11 / 12), so that check is
// an expected failure until a model continues what it is shown.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../main/cli/commands/demo';
import { initEngine } from '../../main/engine/backend';
import { compareTeacherForced, type TeacherForcedComparison } from '../../main/eval/model/teacher-forced';
import { DEFAULT_MODEL_DIR, loadGenerationModel } from '../../main/jobs/generation/model-source';
import { runCli } from '../cli-helpers';

const SECONDS = 3;
let result: TeacherForcedComparison;

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  const { settings } = loadDemo();
  const loaded = loadGenerationModel({ kind: 'checkpoint', dir: DEFAULT_MODEL_DIR }, settings.memoryPreset);
  try {
    result = await compareTeacherForced(loaded, {
      source: { seed: 11, seconds: 20, width: settings.width, height: settings.height, fps: settings.fps },
      seconds: SECONDS, samplingSteps: settings.samplingSteps, guidance: settings.guidance, seed: settings.seed,
    });
  } finally {
    loaded.model.dispose();
  }
}, 300_000);

describe('teacher-forced continuation of a held-out storyboard', () => {
  it('generates every chunk after the first from the true history and scores both it and the repeated last frame', () => {
    const frames = SECONDS * 8 - 2;
    expect(result.chunks).toBe(frames / 2);
    expect(result.generated).toHaveLength(frames);
    expect(result.truth).toHaveLength(frames);
    // Pooled PSNR: finite even where a frame equals the one before it.
    for (const value of [result.psnr, result.lastFramePsnr]) expect(value > 5 && value < 60).toBe(true);
    expect(result.blockiness).toBeGreaterThan(0);
  });

  it.fails('continues the frame it is shown: at least as close to the truth as repeating it (expected to fail for now)', () => {
    expect(result.psnr).toBeGreaterThanOrEqual(result.lastFramePsnr);
  });

  it('is offered by the CLI as eval truth --teacher-forced', async () => {
    const { code, out } = await runCli(['eval', 'truth', '--teacher-forced', '--seeds', '12', '--seconds', '1.5', '--steps', '1', '--guidance', '1']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/storyboard 12, teacher-forced: 5 chunks, PSNR [\d.]+ dB vs repeating the last true frame [\d.]+ dB/);
  }, 120_000);
});
