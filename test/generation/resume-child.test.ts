// Kill -9 of the engine child process in the middle of a generation: the job host starts a new
// engine, the job resumes from the last finished chunk, and the video is the one an
// uninterrupted run with the same seed makes, frame file for frame file. And memory inspection
// through the engine child (a quick call, not a job): the same answer as in this process,
// given while a long generation runs, typed errors across the process boundary, and a call
// whose engine dies rejected rather than left waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGeneration } from '../../main/jobs/generation/takes';
import { JobHost, nodeChildEngine } from '../../main/jobs/index';
import { inspectMemory } from '../../main/jobs/memory/inspect';
import { releaseCachedModel } from '../../main/jobs/memory/model-cache';
import { listChunks, type Project } from '../../main/project/index';
import { recordEvents } from '../jobs/helpers';
import { chunkHashes, generationSandbox, GENERATION_RUNNERS } from './helpers';

let sandbox: Awaited<ReturnType<typeof generationSandbox>>;
let host: JobHost;

beforeAll(async () => {
  sandbox = await generationSandbox();
  host = new JobHost({ engine: nodeChildEngine({ runnerModules: GENERATION_RUNNERS }), progressWriteMs: 20 });
});

afterAll(async () => {
  releaseCachedModel();
  await host.close();
  sandbox.dispose();
});

/** The project and finished take the inspection tests look at (made by the first test). */
let inspected: { project: Project; takeId: number } | undefined;

describe('a generation whose engine is killed', () => {
  it('resumes from its last finished chunk and makes the same video as an uninterrupted run', async () => {
    const project = sandbox.project('Killed', 6);
    host.attach(project);
    const events = recordEvents(host);
    const straight = createGeneration(project.db, { seed: 21 }).take;
    const first = host.enqueue(project.path, { kind: 'generate', params: { takeId: straight.id } });
    expect((await host.waitFor(project.path, first.id)).status).toBe('done');
    inspected = { project, takeId: straight.id };

    const killed = createGeneration(project.db, { seed: 21 }).take;
    const job = host.enqueue(project.path, { kind: 'generate', params: { takeId: killed.id } });
    let seen = 0;
    await events.next('artifact', (e) => e.jobId === job.id && ++seen === 2);
    const pid = host.engineInfo?.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, 'SIGKILL');
    const interrupted = await events.next('interrupted', (e) => e.job.id === job.id);
    const saved = listChunks(project.db, killed.id).length;
    expect(saved).toBeGreaterThanOrEqual(2);
    expect(saved).toBeLessThan(12);
    expect(interrupted.reason).toMatch(/SIGKILL/);

    expect((await host.waitFor(project.path, job.id)).status).toBe('done');
    expect(events.of('started').filter((e) => e.job.id === job.id).map((e) => e.resumed)).toEqual([false, true]);
    expect(chunkHashes(project, killed.id)).toEqual(chunkHashes(project, straight.id));
    expect(chunkHashes(project, killed.id)).toHaveLength(12);
  });
});

describe('memory inspection in the engine child', () => {
  it('answers as the in-process inspector does, while a long generation runs', async () => {
    if (!inspected) throw new Error('the generation test made no take');
    const { project, takeId } = inspected;
    const events = recordEvents(host);
    const long = sandbox.project('Long', 30);
    host.attach(long);
    const job = host.enqueue(long.path, { kind: 'generate', params: { takeId: createGeneration(long.db, { seed: 2 }).take.id } });
    await events.next('artifact', (e) => e.jobId === job.id);

    const viaEngine = await host.call(project.path, 'inspectMemory', { timeSec: 1.25, takeId });
    // Answered beside the job, not after it.
    expect(host.running).toEqual({ projectPath: long.path, jobId: job.id });
    expect(events.of('finished')).toEqual([]);
    expect((await host.cancel(long.path, job.id)).status).toBe('cancelled');

    const here = await inspectMemory(project, 1.25, takeId);
    expect(viaEngine).toEqual(here);
    expect(viaEngine.psnr).toBe(here.psnr);
    expect(viaEngine).toMatchObject({ takeId, frame: 5 });
  });

  it('keeps typed errors, and rejects a call whose engine dies', async () => {
    if (!inspected) throw new Error('the generation test made no take');
    const { project, takeId } = inspected;
    await expect(host.call(project.path, 'inspectMemory', { timeSec: 60, takeId })).rejects.toMatchObject({ code: 'no_history' });
    await expect(host.call(project.path, 'inspectMemory', { timeSec: -1, takeId })).rejects.toMatchObject({ code: 'bad_params' });
    const pid = host.engineInfo?.pid as number;
    const pending = host.call(project.path, 'inspectMemory', { timeSec: 0.5, takeId });
    process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toMatchObject({ code: 'engine_exited', message: expect.stringContaining('SIGKILL') });
  });
});
