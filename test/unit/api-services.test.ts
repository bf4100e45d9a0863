// The services behind the contract, end to end through handleCall: projects, settings,
// storyboard, the job queue run by the real job host (in-process engine, runners registered
// here), events on the bus, and the errors each area answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine, registerRunner } from '../../main/jobs/index';
import { createRun, createTake } from '../../main/project/index';
import { createServiceContext, handleCall, projectMediaFile, type ServiceContext } from '../../main/services/index';
import type { EventName, EventPayload, Result } from '../../preload/api';

let home: string;
let ctx: ServiceContext;

async function call<T = Record<string, unknown>>(channel: string, input: unknown = {}): Promise<T> {
  const result = await handleCall(channel, input, ctx);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function fail(channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const result: Result<unknown> = await handleCall(channel, input, ctx);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

function nextEvent<E extends EventName>(event: E, match: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event in time`)), 10_000);
    const off = ctx.bus.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'longshot-api-'));
  process.env.LONGSHOT_HOME = home;
  // An export runner that reports progress, a preview inside the project and an artifact.
  registerRunner('export', async (job) => {
    job.progress(0, 3);
    for (let step = 1; step <= 3; step++) {
      job.throwIfCancelled();
      await new Promise((r) => setTimeout(r, 5));
      job.progress(step, 3, `step ${step}`);
    }
    const preview = join(job.projectPath, 'media', 'preview-1.png');
    writeFileSync(preview, 'png bytes');
    job.preview(preview);
    job.artifact('export', join(job.projectPath, 'media', 'out.mp4'));
    return { ok: true };
  });
  // A training runner that runs until cancelled, checking at every step.
  registerRunner('train', async (job) => {
    job.progress(0, 1000);
    for (let step = 1; ; step++) {
      job.throwIfCancelled();
      await new Promise((r) => setTimeout(r, 5));
      job.progress(step, 1000);
    }
  });
  ctx = createServiceContext({ projectsDir: join(home, 'projects'), engine: inProcessEngine({ runnerModules: [] }) });
});

afterAll(async () => {
  await ctx.close();
  rmSync(home, { recursive: true, force: true });
});

describe('projects', () => {
  let projectId: string;
  let path: string;

  it('creates a project with settings, remembers it and reopens it by path', async () => {
    const created = await call<{ id: string; path: string; settings: { fps: number; seed: number } }>('projects.create', {
      name: 'Harbour',
      settings: { fps: 12, durationSec: 20, seed: 7, memoryPreset: '2x2x2' },
    });
    ({ id: projectId, path } = created);
    expect(created.settings).toMatchObject({ fps: 12, seed: 7 });
    expect(path).toBe(join(home, 'projects', 'Harbour.longshot'));
    const recent = await call<{ path: string; missing: boolean }[]>('projects.listRecent');
    expect(recent).toEqual([expect.objectContaining({ path, missing: false })]);
    expect((await call<{ id: string }>('projects.open', { path })).id).toBe(projectId);
  });

  it('updates settings within the contract and passes the store\'s own errors through', async () => {
    const updated = await call<{ guidance: number; name: string }>('projects.updateSettings', { projectId, patch: { guidance: 3.5 } });
    expect(updated).toMatchObject({ guidance: 3.5, name: 'Harbour' });
    expect((await fail('projects.updateSettings', { projectId, patch: { width: 63 } })).code).toBe('invalid_input');
    expect((await fail('projects.create', { name: 'Harbour' })).code).toBe('invalid');
    expect((await fail('projects.open', { path: join(home, 'nothing-here') })).code).toBe('not_found');
  });

  it('keeps a storyboard: add, update, delete, replace with ids kept', async () => {
    const a = await call<{ id: number }>('storyboard.add', { projectId, caption: { startSec: 0, endSec: 2, text: 'a boat leaves' } });
    const b = await call<{ id: number }>('storyboard.add', { projectId, caption: { startSec: 2, endSec: 4, text: 'gulls', transition: 'cut' } });
    await call('storyboard.update', { projectId, id: a.id, patch: { text: 'a red boat leaves' } });
    expect((await fail('storyboard.add', { projectId, caption: { startSec: 3, endSec: 1, text: 'backwards' } })).code).toBe('invalid');
    const before = await call<unknown[]>('storyboard.list', { projectId });
    await call('storyboard.delete', { projectId, id: b.id });
    expect(await call<unknown[]>('storyboard.list', { projectId })).toHaveLength(1);
    const restored = await call<unknown[]>('storyboard.replace', { projectId, captions: before });
    expect(restored).toEqual(before);
    expect((await fail('storyboard.delete', { projectId, id: 9999 })).code).toBe('not_found');
  });

  it('backs up through the SQLite backup API, refusing to overwrite a file', async () => {
    const dest = join(home, 'harbour-backup.db');
    expect((await call<{ path: string }>('projects.backup', { projectId, destPath: dest })).path).toBe(dest);
    expect((await fail('projects.backup', { projectId, destPath: dest })).code).toBe('invalid_state');
    expect((await fail('projects.backup', { projectId, destPath: 'relative.db' })).code).toBe('invalid_input');
  });

  it('answers not_open for a closed project, and a fresh handle after reopening', async () => {
    await call('projects.close', { projectId });
    expect((await fail('storyboard.list', { projectId })).code).toBe('not_open');
    const reopened = await call<{ id: string }>('projects.open', { path });
    expect(reopened.id).not.toBe(projectId);
    expect(await call<unknown[]>('storyboard.list', { projectId: reopened.id })).toHaveLength(2);
  });
});

describe('jobs through the job host', () => {
  let projectId: string;
  let mediaDir: string;

  beforeAll(async () => {
    const created = await call<{ id: string; path: string }>('projects.create', { name: 'Jobs' });
    projectId = created.id;
    mediaDir = join(created.path, 'media');
    mkdirSync(mediaDir, { recursive: true });
  });

  it('runs an export job with progress, preview and artifact events in contract shapes', async () => {
    const progress: EventPayload<'jobProgress'>[] = [];
    const off = ctx.bus.on('jobProgress', (p) => progress.push(p));
    const preview = nextEvent('preview', (p) => p.projectId === projectId);
    const artifact = nextEvent('artifact', (p) => p.projectId === projectId);
    const done = nextEvent('jobState', (p) => p.projectId === projectId && p.status === 'done');
    const settings = { crf: 20, subtitles: 'srt', chapters: true, fileName: 'harbour.mp4' };
    const job = await call<{ id: number; status: string; params: unknown }>('export.start', { projectId, settings });
    expect(job).toMatchObject({ status: 'queued', params: settings });
    expect((await done).jobId).toBe(job.id);
    off();
    expect(progress.at(-1)).toMatchObject({ jobId: job.id, step: 3, total: 3 });
    expect(await preview).toEqual({ projectId, jobId: job.id, imagePath: 'media/preview-1.png' });
    expect(await artifact).toMatchObject({ kind: 'export', path: 'media/out.mp4' });
    expect(projectMediaFile(ctx, projectId, 'media/preview-1.png')).toBe(join(mediaDir, 'preview-1.png'));
    expect(await call('jobs.get', { projectId, id: job.id })).toMatchObject({ status: 'done', progress: 1 });
  });

  it('cancels a running job and resumes it as a new job', async () => {
    const running = nextEvent('jobState', (p) => p.projectId === projectId && p.status === 'running');
    const job = await call<{ id: number }>('training.start', { projectId, stage: 'pretrain', modelPreset: 'tiny', steps: 1000 });
    await running;
    expect(await call('jobs.cancel', { projectId, id: job.id })).toMatchObject({ id: job.id, status: 'cancelled' });
    const again = await call<{ id: number; params: unknown; status: string }>('jobs.resume', { projectId, id: job.id });
    expect(again.id).not.toBe(job.id);
    expect(again.status).toBe('queued');
    const ended = await call<{ status: string }>('jobs.cancel', { projectId, id: again.id });
    expect(ended.status).toBe('cancelled');
    expect((await fail('jobs.resume', { projectId, id: 999 })).code).toBe('not_found');
  });

  it('fails a job whose kind has no runner yet, saying so', async () => {
    const failed = nextEvent('jobState', (p) => p.projectId === projectId && p.status === 'failed');
    const job = await call<{ id: number }>('generation.start', { projectId });
    const event = await failed;
    expect(event.jobId).toBe(job.id);
    expect(event.message).toMatch(/generate/);
    expect((await fail('jobs.resume', { projectId, id: job.id + 1000 })).code).toBe('not_found');
  });

  it('reads takes and chunks, and chooses a take', async () => {
    const { projectId: id } = { projectId };
    const db = ctx.projects.get(id).db;
    const run = createRun(db);
    const first = createTake(db, { runId: run.id, seed: 1 });
    const second = createTake(db, { runId: run.id, parentTakeId: first.id, fromChunk: 2, seed: 2 });
    expect(await call<unknown[]>('generation.listTakes', { projectId, runId: run.id })).toHaveLength(2);
    expect(await call('generation.chooseTake', { projectId, takeId: second.id })).toMatchObject({ id: second.id, isCurrent: true });
    expect(await call<unknown[]>('generation.listChunks', { projectId, takeId: second.id })).toEqual([]);
    expect((await fail('generation.regenerate', { projectId, runId: 999, fromChunk: 1 })).code).toBe('not_found');
  });
});

describe('system, memory, models', () => {
  it('reports the app, the machine and ffmpeg', async () => {
    const info = await call<{ appVersion: string; device: string; ffmpeg: { found: boolean } }>('system.info');
    expect(info.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.device).toMatch(/logical cores/);
    expect(typeof info.ffmpeg.found).toBe('boolean');
  });

  it('forecasts the memory budget from the engine presets', async () => {
    const budget = await call<{ tokens: number; compressionRatio: number }>('memory.budget', { modelPreset: 'tiny', memoryPreset: '4x4x2', durationSec: 10 });
    // engine.md: 10 s of the tiny preset at 4x4x2 is 160 memory tokens, 4x4 tokens of 2 frames each.
    expect(budget).toMatchObject({ tokens: 160, compressionRatio: 32 });
    const finer = await call<{ tokens: number; estimatedBytes: number }>('memory.budget', { modelPreset: 'tiny', memoryPreset: '2x2x1', durationSec: 10 });
    expect(finer.tokens).toBe(1280);
    expect((await fail('memory.budget', { modelPreset: 'huge', memoryPreset: '4x4x2', durationSec: 10 })).code).toBe('invalid_config');
  });

  it('answers the memory inspector of a project with nothing generated with a typed error, not a made-up result', async () => {
    const { id } = await call<{ id: string }>('projects.create', { name: 'Inspect' });
    const error = await fail('memory.inspect', { projectId: id, timeSec: 1 });
    expect(error.code).toMatch(/^[a-z_]+$/);
    expect(error.code).not.toBe('internal');
    expect(await call('models.list', { projectId: id })).toEqual([]);
  });
});
