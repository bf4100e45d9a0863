import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobHost } from '../../main/jobs/host';
import { inProcessEngine } from '../../main/jobs/in-process-transport';
import { closeProject, createJob, getJob, openProject, startJob } from '../../main/project/index';
import { TEST_RUNNERS, recordEvents, tempProjects } from './helpers';

let projects: ReturnType<typeof tempProjects>;
let host: JobHost;

beforeEach(() => {
  projects = tempProjects();
  host = new JobHost({ engine: inProcessEngine({ runnerModules: [TEST_RUNNERS] }), progressWriteMs: 50 });
});

afterEach(async () => {
  await host.close();
  projects.dispose();
});

describe('job host (in-process engine)', () => {
  it('cancels a queued job at once and never starts it', async () => {
    const project = projects.create('Queue');
    host.attach(project);
    const recorded = recordEvents(host);
    const running = host.enqueue(project.path, { kind: 'eval', params: { steps: 3, sleepMs: 30 } });
    const waiting = host.enqueue(project.path, { kind: 'eval', params: { steps: 3, sleepMs: 30 } });
    expect((await host.cancel(project.path, waiting.id)).status).toBe('cancelled');
    expect((await host.waitFor(project.path, running.id)).status).toBe('done');
    expect(recorded.of('started').map((s) => s.job.id)).toEqual([running.id]);
  });

  it('fails jobs with typed codes: unknown kind, bad params, runner error, uncloneable result', async () => {
    const project = projects.create('Failures');
    host.attach(project);
    const recorded = recordEvents(host);
    const jobs = [
      host.enqueue(project.path, { kind: 'generate', params: {} }),
      host.enqueue(project.path, { kind: 'eval', params: { steps: 'many' } }),
      host.enqueue(project.path, { kind: 'eval', params: { steps: 5, sleepMs: 1, failAt: 2 } }),
      host.enqueue(project.path, { kind: 'export', params: { mode: 'unclonable' } }),
    ];
    for (const job of jobs) expect((await host.waitFor(project.path, job.id)).status).toBe('failed');
    expect(recorded.of('finished').map((f) => f.error?.code)).toEqual(['unknown_kind', 'bad_params', 'test_failure', 'bad_result']);
    expect(getJob(project.db, jobs[2]?.id ?? 0).error).toBe('test_failure: failed at step 2');
  });

  it('answers quick calls with the engine\'s typed codes, sharing one engine with a job started at the same time', async () => {
    const project = projects.create('Calls');
    host.attach(project);
    const recorded = recordEvents(host);
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 3, sleepMs: 20 } });
    // Nothing generated yet: the inspector in the engine says so with its own code.
    await expect(host.call(project.path, 'inspectMemory', { timeSec: 0 })).rejects.toMatchObject({ code: 'no_history' });
    expect((await host.waitFor(project.path, job.id)).status).toBe('done');
    expect(recorded.of('engine-ready')).toHaveLength(1);
    await expect(host.call(join(projects.dir, 'elsewhere.longshot'), 'inspectMemory', { timeSec: 0 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('serves several projects, one job at a time, resuming interrupted jobs first', async () => {
    const a = projects.create('A');
    const b = projects.create('B');
    const recorded = recordEvents(host);
    host.attach(a);
    const runningInA = host.enqueue(a.path, { kind: 'eval', params: { steps: 3, sleepMs: 40 } });
    const queuedInA = host.enqueue(a.path, { kind: 'eval', params: { steps: 2, sleepMs: 20 } });
    // Newer than the queued job of A, but it was already running when its host died.
    const interruptedInB = createJob(b.db, { kind: 'eval', params: { steps: 2, sleepMs: 20 } });
    startJob(b.db, interruptedInB.id, deadPid());
    expect(host.attach(b).map((j) => j.id)).toEqual([interruptedInB.id]);
    const queuedInB = host.enqueue(b.path, { kind: 'eval', params: { steps: 2, sleepMs: 20 } });

    await host.waitFor(b.path, queuedInB.id);
    const order = recorded.events
      .filter((e) => e.type === 'started' || e.type === 'finished')
      .map((e) => `${e.type} ${e.projectPath === a.path ? 'A' : 'B'}${e.job.id}`);
    expect(order).toEqual([
      `started A${runningInA.id}`,
      `finished A${runningInA.id}`,
      `started B${interruptedInB.id}`,
      `finished B${interruptedInB.id}`,
      `started A${queuedInA.id}`,
      `finished A${queuedInA.id}`,
      `started B${queuedInB.id}`,
      `finished B${queuedInB.id}`,
    ]);
    expect(recorded.of('started').map((s) => s.resumed)).toEqual([false, true, false, false]);
  });

  it('recovers a job left running by a crashed host and resumes it from its saved step', async () => {
    const project = projects.create('Crash');
    const stateFile = join(projects.dir, 'crash.json');
    const job = createJob(project.db, { kind: 'eval', params: { steps: 6, sleepMs: 5, stateFile } });
    // The dead host had run 4 steps and saved them before it died.
    startJob(project.db, job.id, deadPid());
    await import('node:fs').then((fs) => fs.writeFileSync(stateFile, JSON.stringify({ step: 4 })));

    const recorded = recordEvents(host);
    host.attach(project);
    const final = await host.waitFor(project.path, job.id);
    expect(final.status).toBe('done');
    expect(recorded.of('interrupted').map((e) => e.job.id)).toEqual([job.id]);
    expect(recorded.of('finished')[0]?.result).toMatchObject({ resumedFrom: 4, steps: 6 });
  });

  it('refuses at once to wait for a job another host runs, which only that host sees end', async () => {
    const project = projects.create('Two hosts');
    host.attach(project);
    const recorded = recordEvents(host);
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 40, sleepMs: 25 } });
    await recorded.next('started', (e) => e.job.id === job.id);
    // A second host on its own connection, as a second process writing the project has.
    const other = new JobHost({ engine: inProcessEngine({ runnerModules: [TEST_RUNNERS] }) });
    const second = openProject(project.path);
    try {
      other.attach(second);
      await expect(other.waitFor(second.path, job.id)).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(/is being run by another process/) });
    } finally {
      await other.close();
      closeProject(second);
    }
    expect((await host.waitFor(project.path, job.id)).status).toBe('done');
  });

  it('rejects calls for projects it does not serve and calls after close', async () => {
    expect(() => host.enqueue('/nowhere.longshot', { kind: 'eval', params: {} })).toThrow(/not open/);
    await host.close();
    const project = projects.create('Late');
    expect(() => host.attach(project)).toThrow(/closed/);
  });
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (pid === undefined) throw new Error('could not spawn a process');
  return pid;
}
