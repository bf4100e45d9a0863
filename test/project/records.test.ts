import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  addChunk, addExport, addTrainingMetric, addTrainingMetrics, createJob, createRun, createTake, createTrainingRun,
  findInterruptedJobs, finishJob, getJob, getRun, getTake, listChunks, listExports, listJobs, listModels, listRuns, listTakes,
  listTrainingMetrics, listTrainingRuns, recoverJobs, registerModel, setCurrentTake, setTrainingRunStatus, startJob,
  updateJobProgress, type ChunkInput,
} from '../../main/project/index';
import { errorOf, useProject } from './helpers';

const project = useProject();

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

describe('jobs', () => {
  it('follow queued -> running -> done with progress saved on the way', () => {
    const db = project().db;
    const job = createJob(db, { kind: 'generate', params: { runId: 1, chunks: [0, 1] } });
    expect(job).toMatchObject({ status: 'queued', progress: 0, params: { runId: 1, chunks: [0, 1] }, startedAt: null });
    expect(startJob(db, job.id)).toMatchObject({ status: 'running', runnerPid: process.pid });
    updateJobProgress(db, job.id, { progress: 0.25, step: 1, total: 4, message: 'chunk 1 of 4' });
    updateJobProgress(db, job.id, { progress: 0.5 });
    expect(getJob(db, job.id)).toMatchObject({ progress: 0.5, step: 1, total: 4, message: 'chunk 1 of 4' });
    const done = finishJob(db, job.id, { status: 'done' });
    expect(done).toMatchObject({ status: 'done', progress: 1, error: null });
    expect(done.finishedAt).not.toBeNull();
  });

  it('keep the reason of a failure and refuse moves that make no sense', () => {
    const db = project().db;
    const job = createJob(db, { kind: 'train', params: null });
    expect(errorOf(() => updateJobProgress(db, job.id, { progress: 0.1 })).code).toBe('invalid');
    expect(errorOf(() => finishJob(db, job.id, { status: 'done' })).message).toContain('queued and cannot become done');
    startJob(db, job.id);
    expect(errorOf(() => finishJob(db, job.id, { status: 'failed', error: ' ' })).code).toBe('invalid');
    expect(finishJob(db, job.id, { status: 'failed', error: 'out of memory' })).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect(errorOf(() => startJob(db, job.id)).code).toBe('invalid');
    expect(errorOf(() => updateJobProgress(db, job.id, { progress: 2 })).code).toBe('invalid');
    expect(errorOf(() => getJob(db, 999)).code).toBe('not_found');
    expect(errorOf(() => createJob(db, { kind: 'render' as never, params: {} })).code).toBe('invalid');
  });

  it('list by status and kind, oldest first', () => {
    const db = project().db;
    const a = createJob(db, { kind: 'generate', params: {} });
    const b = createJob(db, { kind: 'eval', params: {} });
    const c = createJob(db, { kind: 'generate', params: {} });
    finishJob(db, b.id, { status: 'cancelled' });
    expect(listJobs(db).map((j) => j.id)).toEqual([a.id, b.id, c.id]);
    expect(listJobs(db, { status: ['queued'] }).map((j) => j.id)).toEqual([a.id, c.id]);
    expect(listJobs(db, { kind: 'eval' }).map((j) => j.status)).toEqual(['cancelled']);
  });

  it('mark running jobs of a dead process interrupted, leave live ones, and resume them', () => {
    const db = project().db;
    const crashed = createJob(db, { kind: 'generate', params: {} });
    const live = createJob(db, { kind: 'train', params: {} });
    startJob(db, crashed.id, deadPid());
    startJob(db, live.id);
    expect(recoverJobs(db).map((j) => j.id)).toEqual([crashed.id]);
    expect(findInterruptedJobs(db).map((j) => j.id)).toEqual([crashed.id]);
    expect(getJob(db, live.id).status).toBe('running');
    expect(startJob(db, crashed.id)).toMatchObject({ status: 'running', finishedAt: null });
    expect(findInterruptedJobs(db)).toEqual([]);
  });
});

describe('runs, takes and chunks', () => {
  function chunk(takeId: number, chunkIndex: number, tag: string): ChunkInput {
    return { takeId, chunkIndex, frameStart: chunkIndex * 8, frameEnd: chunkIndex * 8 + 8, framesPath: `media/${tag}-${chunkIndex}.frames`, seed: 1, caption: tag };
  }

  it('snapshots settings in a run and links it to its job', () => {
    const db = project().db;
    const job = createJob(db, { kind: 'generate', params: {} });
    const run = createRun(db, { jobId: job.id });
    expect(run.settings).toMatchObject({ name: 'Test film', seed: 42 });
    expect(getRun(db, run.id)).toEqual(run);
    expect(createRun(db, { settings: { custom: true } }).settings).toEqual({ custom: true });
    expect(listRuns(db)).toHaveLength(2);
    expect(errorOf(() => createRun(db, { jobId: 999 })).code).toBe('invalid');
  });

  it('build a take from its parent chunks before fromChunk and its own after', () => {
    const db = project().db;
    const run = createRun(db);
    const first = createTake(db, { runId: run.id, seed: 1 });
    expect(first).toMatchObject({ fromChunk: 0, parentTakeId: null, isCurrent: true, captionOverrides: [] });
    for (const i of [0, 1, 2, 3]) addChunk(db, chunk(first.id, i, 'a'));

    const second = createTake(db, { runId: run.id, parentTakeId: first.id, fromChunk: 2, seed: 2, captionOverrides: [{ captionId: 1, text: 'rain' }] });
    expect(second).toMatchObject({ isCurrent: false, captionOverrides: [{ captionId: 1, text: 'rain' }] });
    addChunk(db, chunk(second.id, 2, 'b'));
    addChunk(db, chunk(second.id, 3, 'b'));
    const third = createTake(db, { runId: run.id, parentTakeId: second.id, fromChunk: 3, seed: 3 });
    addChunk(db, chunk(third.id, 3, 'c'));

    expect(listChunks(db, first.id).map((c) => c.caption)).toEqual(['a', 'a', 'a', 'a']);
    expect(listChunks(db, second.id).map((c) => c.caption)).toEqual(['a', 'a', 'b', 'b']);
    expect(listChunks(db, third.id).map((c) => `${c.caption}${c.chunkIndex}`)).toEqual(['a0', 'a1', 'b2', 'c3']);
    expect(listChunks(db, third.id).every((c) => c.runId === run.id)).toBe(true);
  });

  it('refuse chunks and takes that do not fit', () => {
    const db = project().db;
    const run = createRun(db);
    const other = createRun(db);
    const first = createTake(db, { runId: run.id, seed: 1 });
    addChunk(db, chunk(first.id, 0, 'a'));
    const later = createTake(db, { runId: run.id, parentTakeId: first.id, fromChunk: 1, seed: 2 });
    expect(errorOf(() => addChunk(db, chunk(first.id, 0, 'again'))).code).toBe('invalid');
    expect(errorOf(() => addChunk(db, chunk(later.id, 0, 'before its start'))).message).toContain('belongs to its parent');
    expect(errorOf(() => addChunk(db, { ...chunk(first.id, 1, 'x'), frameEnd: 8 })).code).toBe('invalid');
    expect(errorOf(() => addChunk(db, { ...chunk(first.id, 1, 'x'), framesPath: '../x.frames' })).code).toBe('invalid');
    expect(errorOf(() => createTake(db, { runId: run.id, fromChunk: 2, seed: 1 })).message).toContain('parent take');
    expect(errorOf(() => createTake(db, { runId: other.id, parentTakeId: first.id, fromChunk: 1, seed: 1 })).message).toContain('another run');
    expect(errorOf(() => createTake(db, { runId: 999, seed: 1 })).code).toBe('not_found');
  });

  it('keep exactly one current take per run', () => {
    const db = project().db;
    const run = createRun(db);
    const a = createTake(db, { runId: run.id, seed: 1 });
    const b = createTake(db, { runId: run.id, parentTakeId: a.id, fromChunk: 0, seed: 2 });
    setCurrentTake(db, b.id);
    expect(listTakes(db, run.id).map((t) => [t.id, t.isCurrent])).toEqual([
      [a.id, false],
      [b.id, true],
    ]);
    expect(getTake(db, a.id).isCurrent).toBe(false);
    expect(errorOf(() => setCurrentTake(db, 999)).code).toBe('not_found');
  });
});

describe('models, training and exports', () => {
  const sha = (c: string) => c.repeat(64);

  it('register models, updating one registered again at the same path', () => {
    const db = project().db;
    const first = registerModel(db, { path: '/models/tiny', kind: 'model', preset: 'tiny', sha256: sha('a'), metrics: { psnr: 19.5 } });
    registerModel(db, { path: '/ckpt/step-100', kind: 'checkpoint', preset: 'tiny', sha256: sha('b') });
    const again = registerModel(db, { path: '/models/tiny', kind: 'model', preset: 'tiny', sha256: sha('c') });
    expect(again).toMatchObject({ id: first.id, sha256: sha('c'), metrics: {} });
    expect(listModels(db).map((m) => m.path)).toEqual(['/models/tiny', '/ckpt/step-100']);
    expect(listModels(db, 'checkpoint').map((m) => m.kind)).toEqual(['checkpoint']);
    expect(errorOf(() => registerModel(db, { path: '/m', kind: 'model', preset: 'tiny', sha256: 'ABC' })).code).toBe('invalid');
  });

  it('record training runs and their metrics, a repeated step replacing the old value', () => {
    const db = project().db;
    const run = createTrainingRun(db, { stage: 'pretrain', config: { lr: 1e-4, preset: 'tiny' } });
    expect(run).toMatchObject({ status: 'running', config: { lr: 1e-4, preset: 'tiny' }, finishedAt: null });
    addTrainingMetrics(db, run.id, [
      { step: 10, name: 'loss', value: 0.9 },
      { step: 10, name: 'psnr', value: 12 },
      { step: 20, name: 'loss', value: 0.7 },
    ]);
    addTrainingMetric(db, run.id, { step: 20, name: 'loss', value: 0.6 });
    expect(listTrainingMetrics(db, run.id, 'loss')).toEqual([
      { step: 10, name: 'loss', value: 0.9 },
      { step: 20, name: 'loss', value: 0.6 },
    ]);
    expect(listTrainingMetrics(db, run.id)).toHaveLength(3);
    expect(errorOf(() => addTrainingMetric(db, run.id, { step: 30, name: 'loss', value: Number.NaN })).code).toBe('invalid');
    expect(errorOf(() => addTrainingMetric(db, 999, { step: 1, name: 'loss', value: 1 })).code).toBe('not_found');
    const done = setTrainingRunStatus(db, run.id, 'done');
    expect(done.finishedAt).not.toBeNull();
    expect(listTrainingRuns(db)).toEqual([done]);
    const model = registerModel(db, { path: '/m', kind: 'model', preset: 'tiny', sha256: sha('d'), trainingRunId: run.id });
    expect(model.trainingRunId).toBe(run.id);
  });

  it('record exports with format and provenance, newest first', () => {
    const db = project().db;
    const run = createRun(db);
    const take = createTake(db, { runId: run.id, seed: 9 });
    const a = addExport(db, { path: '/out/a.mp4', takeId: take.id, format: { crf: 18, fps: 8 }, provenance: { seed: 9, modelSha256: sha('e') } });
    const b = addExport(db, { path: '/out/b.mp4', format: {}, provenance: {} });
    expect(listExports(db)).toEqual([b, a]);
    expect(a).toMatchObject({ takeId: take.id, format: { crf: 18, fps: 8 }, provenance: { seed: 9 } });
    expect(errorOf(() => addExport(db, { path: '', format: {}, provenance: {} })).code).toBe('invalid');
  });
});
