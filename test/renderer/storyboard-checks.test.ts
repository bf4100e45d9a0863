// The renderer's pure parts beside the timeline: the storyboard checks, the job board fed with
// events, where a generation job is within the video, training metrics as chart series, and
// export paths.
import { describe, expect, it } from 'vitest';
import type { Caption } from '../../renderer/src/editor/commands';
import { describeCommand } from '../../renderer/src/editor/commands';
import { problemsById, textProblem, validateStoryboard } from '../../renderer/src/editor/validation';
import { defaultExportName, mediaPathOf } from '../../renderer/src/features/export/export-paths';
import { chunkPosition, planSteps } from '../../renderer/src/features/generate/chunk-progress';
import { JobBoard, type Job } from '../../renderer/src/features/jobs/job-board';
import { alignSeries, seriesLabel } from '../../renderer/src/features/training/metric-series';

const caption = (id: number, startSec: number, endSec: number, text = `shot ${id}`): Caption => ({ id, startSec, endSec, text, transition: 'continuous' });

describe('the storyboard checks', () => {
  const limits = { chunkSec: 0.25, durationSec: 4 };

  it('passes a clean storyboard', () => {
    expect(validateStoryboard([caption(1, 0, 2), caption(2, 2, 4)], limits)).toEqual([]);
  });

  it('finds empty, short, overlapping and late captions, each on the caption it concerns', () => {
    const problems = validateStoryboard([caption(1, 0, 2), caption(2, 1.5, 1.6, '  '), caption(3, 3.5, 4.5)], limits);
    expect(problems.map((p) => [p.captionId, p.kind])).toEqual([[2, 'empty'], [2, 'short'], [2, 'overlap'], [3, 'beyond']]);
    expect(problems.find((p) => p.kind === 'overlap')?.message).toMatch(/Overlaps "shot 1" by 0.1 s/);
    expect(problemsById(problems).get(2)).toHaveLength(3);
    expect(textProblem('  ')).toMatch(/empty/);
    expect(textProblem('a cat')).toBeNull();
  });

  it('accepts a caption exactly one chunk long despite float rounding', () => {
    expect(validateStoryboard([caption(1, 0.1 + 0.2, 0.55)], limits)).toEqual([]);
  });

  it('labels edits for the history', () => {
    const before = { startSec: 0, endSec: 1, text: 'a', transition: 'continuous' as const };
    expect(describeCommand({ kind: 'update', id: 1, before, after: { ...before, startSec: 1, endSec: 2 } })).toBe('Move "a"');
    expect(describeCommand({ kind: 'update', id: 1, before, after: { ...before, endSec: 2 } })).toBe('Resize "a"');
    expect(describeCommand({ kind: 'update', id: 1, before, after: { ...before, transition: 'cut' } })).toBe('Make "a" a hard cut');
  });
});

describe('the job board', () => {
  const row = (id: number, status: Job['status'], kind: Job['kind'] = 'generate'): Job => ({
    id, kind, params: {}, status, progress: 0, step: 0, total: 0, message: null, error: null,
    createdAt: '2025-01-01T00:00:00Z', startedAt: null, finishedAt: null,
  });

  it('orders running, then queued in turn, then finished newest first', () => {
    const board = new JobBoard('p');
    board.upsert([row(1, 'done'), row(2, 'queued'), row(3, 'running'), row(4, 'queued'), row(5, 'failed')]);
    expect(board.get().map((v) => v.job.id)).toEqual([3, 2, 4, 5, 1]);
  });

  it('follows progress, state and preview events of its project only, and asks for jobs it does not know', () => {
    const board = new JobBoard('p');
    board.upsert([row(1, 'queued')]);
    expect(board.onProgress({ projectId: 'p', jobId: 1, step: 3, total: 12, rate: 2, etaSec: 4.5, message: 'chunk 2 of 6, step 1 of 2' })).toBe(true);
    expect(board.find(1)).toMatchObject({ job: { status: 'running', step: 3, total: 12, progress: 0.25, message: 'chunk 2 of 6, step 1 of 2' }, rate: 2, etaSec: 4.5 });
    board.onPreview({ projectId: 'p', jobId: 1, imagePath: 'media/x.png' });
    expect(board.find(1)?.previewPath).toBe('media/x.png');
    board.onState({ projectId: 'p', jobId: 1, status: 'failed', message: 'the model folder is missing' });
    expect(board.find(1)).toMatchObject({ job: { status: 'failed', error: 'the model folder is missing' }, etaSec: null });
    expect(board.onState({ projectId: 'other', jobId: 9, status: 'done', message: null })).toBe(true);
    expect(board.onState({ projectId: 'p', jobId: 9, status: 'running', message: null })).toBe(false);
  });

  it('keeps what a later event said when a row read before it arrives afterwards', () => {
    const board = new JobBoard('p');
    board.upsert([row(1, 'running')]);
    board.onState({ projectId: 'p', jobId: 1, status: 'failed', message: 'not_media: holiday.mp4' });
    board.upsert([row(1, 'running'), row(2, 'queued')]);
    expect(board.find(1)?.job).toMatchObject({ status: 'failed', error: 'not_media: holiday.mp4' });
    board.onState({ projectId: 'p', jobId: 2, status: 'running', message: null });
    board.upsert([row(2, 'queued')]);
    expect(board.find(2)?.job.status).toBe('running');
    board.upsert([row(2, 'done')]);
    expect(board.find(2)?.job.status).toBe('done');
  });
});

describe('progress within a video', () => {
  it('turns job steps into the chunk and the step in it, for a take from any chunk', () => {
    expect(chunkPosition(0, 24, 2, 0)).toEqual({ chunk: 0, chunks: 12, stepInChunk: 0, steps: 2 });
    expect(chunkPosition(5, 24, 2, 0)).toEqual({ chunk: 2, chunks: 12, stepInChunk: 1, steps: 2 });
    expect(chunkPosition(24, 24, 2, 0)).toEqual({ chunk: 11, chunks: 12, stepInChunk: 2, steps: 2 });
    expect(chunkPosition(6, 24, 2, 0)).toEqual({ chunk: 2, chunks: 12, stepInChunk: 2, steps: 2 });
    expect(chunkPosition(4, 16, 4, 8)).toEqual({ chunk: 8, chunks: 12, stepInChunk: 4, steps: 4 });
    expect(planSteps({ samplingSteps: 4 })).toBe(4);
    expect(planSteps(null)).toBeNull();
  });
});

describe('training charts and export paths', () => {
  it('aligns metrics of one chart on their steps, with gaps, and names them for people', () => {
    const rows = [
      { name: 'train/loss', step: 10, value: 0.9 },
      { name: 'train/loss', step: 20, value: 0.7 },
      { name: 'val/loss', step: 20, value: 0.8 },
      { name: 'retrieval/oneStep/psnr', step: 20, value: 14 },
      { name: 'train/lr', step: 20, value: 1e-3 },
    ];
    expect(alignSeries(rows, 'loss')).toEqual({ names: ['train/loss', 'val/loss'], steps: [10, 20], values: [[0.9, 0.7], [null, 0.8]] });
    expect(alignSeries(rows, 'retrieval').names).toEqual(['retrieval/oneStep/psnr']);
    expect(seriesLabel('retrieval/zeroMemory/psnr')).toBe('zero memory');
    expect(seriesLabel('val/loss')).toBe('validation loss');
  });

  it('serves only exports inside the project media folder, and names files safely', () => {
    expect(mediaPathOf('/p/A.longshot', '/p/A.longshot/media/exports/a.mp4')).toBe('media/exports/a.mp4');
    expect(mediaPathOf('C:\\p\\A.longshot', 'C:\\p\\A.longshot\\media\\exports\\a.mp4')).toBe('media/exports/a.mp4');
    expect(mediaPathOf('/p/A.longshot', '/elsewhere/a.mp4')).toBeNull();
    expect(mediaPathOf('/p/A.longshot', '/p/A.longshot/project.db')).toBeNull();
    expect(defaultExportName('My story: part 2', 3)).toBe('My-story-part-2-take-3.mp4');
  });
});
