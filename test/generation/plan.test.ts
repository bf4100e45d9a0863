// The plan of a run and the schedule derived from it: caption timing at chunk starts, hard cuts,
// rounding of the duration to whole chunks, caption overrides along a take's lineage, seeds,
// the model pinned to its exact weights when a run is created, and the checks a retake must
// pass. No model runs here.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captionAt, chunkCount, parsePlan, planChunks, takeOverrides } from '../../main/jobs/generation/plan';
import { chunkSeed, retrievalSeed } from '../../main/jobs/generation/seeds';
import { createGeneration, createRetake, finishedChunks, latestTake } from '../../main/jobs/generation/takes';
import {
  addCaption, addChunk, closeProject, createProject, createRun, getRun, updateCaption, updateSettings, type Project,
} from '../../main/project/index';

let root: string;
let project: Project;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'longshot-plan-'));
  // A random model: these tests must not depend on the default model, which may be retrained meanwhile.
  project = createProject(root, 'Plan', { durationSec: 5, fps: 8, modelId: 'random:tiny' });
});

afterAll(() => {
  closeProject(project);
  rmSync(root, { recursive: true, force: true });
});

const caption = (id: number, startSec: number, endSec: number, transition: 'cut' | 'continuous' = 'continuous') =>
  ({ id, startSec, endSec, text: `caption ${id}`, transition });

describe('caption timing', () => {
  it('picks the caption that started last among those active, and none in a gap', () => {
    const board = [caption(1, 0, 4), caption(2, 2, 3), caption(3, 5, 6)];
    expect(captionAt(board, 0)).toBe(1);
    expect(captionAt(board, 2)).toBe(2);
    expect(captionAt(board, 3)).toBe(1);
    expect(captionAt(board, 4.5)).toBeNull();
    expect(captionAt(board, 6)).toBeNull();
    // A chunk start computed as 3 * 2 / 8 lands on 0.75 exactly, 0.1 * 3 does not: both count.
    expect(captionAt([caption(7, 0.3, 1)], 0.1 * 3)).toBe(7);
  });

  it('gives each chunk the caption active at its start, marking where a cut begins', () => {
    const plan = parsePlan({
      planVersion: 2, durationSec: 2.4, modelId: 'random:tiny', model: { source: 'random', preset: 'tiny', seed: 1, reason: null },
      memoryPreset: '4x4x2', seed: 1, samplingSteps: 2, guidance: 1.5,
      footageId: null, storyboard: [caption(1, 0, 1), caption(2, 1, 1.5, 'cut'), caption(3, 1.75, 3, 'continuous')],
    }, 1);
    const geometry = { fps: 4, chunkFrames: 2 };
    // 2.4 s at 4 fps rounds to 10 frames: 5 chunks, starting at 0, 0.5, 1, 1.5 and 2 s.
    expect(chunkCount(plan, geometry)).toBe(5);
    const chunks = planChunks(plan, geometry, new Map([[3, 'rewritten']]));
    expect(chunks.map((c) => [c.startSec, c.captionId, c.caption, c.cut])).toEqual([
      [0, 1, 'caption 1', false], [0.5, 1, 'caption 1', false], [1, 2, 'caption 2', true], [1.5, null, '', false], [2, 3, 'rewritten', false],
    ]);
    expect(chunks.map((c) => [c.frameStart, c.frameEnd])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
  });

  it('derives distinct, stable seeds from (take seed, index) alone', () => {
    expect(chunkSeed(5, 3)).toBe(chunkSeed(5, 3));
    expect(new Set([chunkSeed(5, 0), chunkSeed(5, 1), chunkSeed(6, 0), retrievalSeed(5, 0)]).size).toBe(4);
  });
});

describe('runs and takes', () => {
  it('snapshots the settings and storyboard, so later edits do not change a run', () => {
    const first = addCaption(project.db, { startSec: 0, endSec: 3, text: 'a field at dawn' });
    addCaption(project.db, { startSec: 3, endSec: 5, text: 'a storm comes', transition: 'cut' });
    const { run, take, params } = createGeneration(project.db, { seed: 9 });
    expect(params).toEqual({ takeId: take.id });
    updateCaption(project.db, first.id, { text: 'edited later' });
    const plan = parsePlan(getRun(project.db, run.id).settings, run.id);
    expect(plan).toMatchObject({
      durationSec: 5, fps: 8, footageId: null, memoryPreset: '4x4x2', modelId: 'random:tiny', model: { source: 'random', preset: 'tiny', seed: 1 },
    });
    expect(plan.storyboard.map((c) => c.text)).toEqual(['a field at dawn', 'a storm comes']);
    expect(latestTake(project.db).id).toBe(take.id);
  });

  it('refuses retakes past the finished chunks, of unknown captions, or of runs without a plan', () => {
    const { run, take } = createGeneration(project.db, { seed: 1 });
    for (let i = 0; i < 3; i++) {
      addChunk(project.db, { takeId: take.id, chunkIndex: i, frameStart: 2 * i, frameEnd: 2 * i + 2, framesPath: `media/c${i}.frames`, seed: i, caption: 'x' });
    }
    expect(() => createRetake(project.db, { runId: run.id, fromChunk: 4, seed: 2 })).toThrow(expect.objectContaining({ code: 'invalid_take' }));
    expect(() => createRetake(project.db, { runId: run.id, fromChunk: 1, seed: 2, captionOverrides: [{ captionId: 999, text: 'y' }] }))
      .toThrow(expect.objectContaining({ code: 'invalid_take' }));
    const bare = createRun(project.db);
    expect(() => createRetake(project.db, { runId: bare.id, fromChunk: 0, seed: 2 })).toThrow(expect.objectContaining({ code: 'invalid_plan' }));
    const unpinned = createRun(project.db, { settings: { ...(run.settings as object), planVersion: 1, model: null } });
    expect(() => createRetake(project.db, { runId: unpinned.id, fromChunk: 0, seed: 2 }))
      .toThrow(expect.objectContaining({ code: 'invalid_plan', message: expect.stringContaining('earlier version of Longshot') }));

    const [firstCaption, secondCaption] = parsePlan(run.settings, run.id).storyboard;
    const child = createRetake(project.db, { runId: run.id, fromChunk: 3, seed: 2, captionOverrides: [{ captionId: firstCaption?.id ?? 0, text: 'one' }] }).take;
    expect(finishedChunks(project.db, child).map((c) => c.chunkIndex)).toEqual([0, 1, 2]);
    const grandchild = createRetake(project.db, {
      runId: run.id, fromChunk: 3, seed: 3, parentTakeId: child.id, captionOverrides: [{ captionId: secondCaption?.id ?? 0, text: 'two' }],
    }).take;
    expect([...takeOverrides(project.db, grandchild.id)]).toEqual([[firstCaption?.id, 'one'], [secondCaption?.id, 'two']]);
  });
});

describe('the model a run pins', () => {
  it('records the folder, preset and weights hash its setting names when the run is made, and keeps them', () => {
    // Named relative to the project folder, as a user may; the plan records where it resolved.
    const dir = join(project.path, 'model');
    mkdirSync(dir);
    const sha256 = createHash('sha256').update('weights').digest('hex');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ formatVersion: 1, preset: 'tiny', architecture: {}, metrics: {} }));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 1, files: [{ name: 'model.safetensors', size: 7, sha256 }] }));
    updateSettings(project.db, { modelId: 'model' });
    try {
      const { run } = createGeneration(project.db, { seed: 1 });
      expect(parsePlan(getRun(project.db, run.id).settings, run.id).model).toEqual({ source: 'checkpoint', path: dir, preset: 'tiny', sha256 });
      // Weights saved later do not change the run: its retakes keep the pinned model.
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 1, files: [{ name: 'model.safetensors', size: 7, sha256: 'a'.repeat(64) }] }));
      const retake = createRetake(project.db, { runId: run.id, fromChunk: 0, seed: 2 });
      expect(parsePlan(retake.run.settings, run.id).model).toMatchObject({ sha256 });
      rmSync(join(dir, 'manifest.json'));
      expect(() => createGeneration(project.db, { seed: 1 })).toThrow(expect.objectContaining({ code: 'invalid_model' }));
      updateSettings(project.db, { modelId: 'no-such-model' });
      expect(() => createGeneration(project.db, { seed: 1 })).toThrow(expect.objectContaining({ code: 'model_not_found' }));
    } finally {
      updateSettings(project.db, { modelId: 'random:tiny' });
    }
  });
});
