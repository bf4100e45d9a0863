// Kill -9 of the engine child process in the middle of a generation: the job host starts a new
// engine, the job resumes from the last finished chunk, and the video is the one an
// uninterrupted run with the same seed makes, frame file for frame file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGeneration } from '../../main/jobs/generation/takes';
import { JobHost, nodeChildEngine } from '../../main/jobs/index';
import { listChunks } from '../../main/project/index';
import { recordEvents } from '../jobs/helpers';
import { chunkHashes, generationSandbox, GENERATION_RUNNERS } from './helpers';

let sandbox: Awaited<ReturnType<typeof generationSandbox>>;
let host: JobHost;

beforeAll(async () => {
  sandbox = await generationSandbox();
  host = new JobHost({ engine: nodeChildEngine({ runnerModules: GENERATION_RUNNERS }), progressWriteMs: 20 });
});

afterAll(async () => {
  await host.close();
  sandbox.dispose();
});

describe('a generation whose engine is killed', () => {
  it('resumes from its last finished chunk and makes the same video as an uninterrupted run', async () => {
    const project = sandbox.project('Killed', 6);
    host.attach(project);
    const events = recordEvents(host);
    const straight = createGeneration(project.db, { seed: 21 }).take;
    const first = host.enqueue(project.path, { kind: 'generate', params: { takeId: straight.id } });
    expect((await host.waitFor(project.path, first.id)).status).toBe('done');

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
