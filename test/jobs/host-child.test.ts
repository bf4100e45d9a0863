import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobHost } from '../../main/jobs/host';
import type { JobHostOptions } from '../../main/jobs/host-types';
import { nodeChildEngine } from '../../main/jobs/node-transport';
import { getJob } from '../../main/project/index';
import { TEST_RUNNERS, alive, recordEvents, tempProjects } from './helpers';

let projects: ReturnType<typeof tempProjects>;
let hosts: JobHost[];

function newHost(options: Partial<JobHostOptions> = {}, runnerModules = [TEST_RUNNERS]) {
  const host = new JobHost({ engine: nodeChildEngine({ runnerModules }), progressWriteMs: 50, ...options });
  hosts.push(host);
  return { host, recorded: recordEvents(host) };
}

beforeEach(() => {
  projects = tempProjects();
  hosts = [];
});

afterEach(async () => {
  for (const host of hosts) await host.close();
  projects.dispose();
});

describe('job host (engine in a Node child process)', () => {
  it('restarts an engine killed with SIGKILL mid-job and resumes the job from its saved step', async () => {
    const { host, recorded } = newHost();
    const project = projects.create('Kill');
    host.attach(project);
    const stateFile = join(projects.dir, 'kill.json');
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 8, sleepMs: 60, stateFile } });

    const firstEngine = await recorded.next('engine-ready');
    expect(firstEngine.pid).not.toBe(process.pid);
    await recorded.next('progress', (p) => p.step >= 3);
    process.kill(firstEngine.pid, 'SIGKILL');

    const final = await host.waitFor(project.path, job.id);
    expect(final.status).toBe('done');
    expect(recorded.of('engine-exited')[0]).toMatchObject({ pid: firstEngine.pid, exit: { signal: 'SIGKILL' } });
    expect(recorded.of('interrupted').map((e) => e.job.id)).toEqual([job.id]);
    const secondEngine = recorded.of('engine-ready')[1];
    const result = recorded.of('finished')[0]?.result as { resumedFrom: number; pid: number };
    expect(result.pid).toBe(secondEngine?.pid);
    expect(result.resumedFrom).toBeGreaterThanOrEqual(3);
    expect(recorded.of('started').map((s) => s.resumed)).toEqual([false, true]);
  });

  it('drops malformed messages from the engine and finishes the job', async () => {
    const { host, recorded } = newHost();
    const project = projects.create('Garbage');
    host.attach(project);
    // Console output travels a pipe, not the IPC channel, so it may come after the job's end.
    const printed = recorded.next('log', (l) => l.text === 'engine: hello from the engine');
    const job = host.enqueue(project.path, { kind: 'import', params: {} });
    expect((await host.waitFor(project.path, job.id)).status).toBe('done');
    await printed;
    const dropped = recorded.of('log').filter((l) => l.text.startsWith('dropped a malformed engine message'));
    expect(dropped).toHaveLength(6);
    expect(recorded.of('log').some((l) => l.text === 'sent the garbage' && l.jobId === job.id)).toBe(true);
    expect(recorded.of('finished')[0]?.result).toBe('survived');
    expect(recorded.of('engine-exited')).toHaveLength(0);
  });

  it('kills an engine whose job ignores a cancel past the grace period, then runs the next job', async () => {
    const { host, recorded } = newHost({ cancelGraceMs: 300 });
    const project = projects.create('Stubborn');
    host.attach(project);
    const stubborn = host.enqueue(project.path, { kind: 'eval', params: { steps: 100, sleepMs: 100, ignoreCancel: true } });
    const next = host.enqueue(project.path, { kind: 'eval', params: { steps: 2, sleepMs: 10 } });
    const engine = await recorded.next('engine-ready');
    await recorded.next('progress', (p) => p.step >= 1);

    expect((await host.cancel(project.path, stubborn.id)).status).toBe('cancelled');
    expect(recorded.of('engine-exited')[0]).toMatchObject({ pid: engine.pid, exit: { signal: 'SIGKILL' } });
    expect((await host.waitFor(project.path, next.id)).status).toBe('done');
  });

  it('fails a job that keeps crashing its engine', async () => {
    const { host, recorded } = newHost({ maxEngineCrashes: 2 });
    const project = projects.create('Crashy');
    host.attach(project);
    const job = host.enqueue(project.path, { kind: 'export', params: { mode: 'crash' } });
    const final = await host.waitFor(project.path, job.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/^engine_crashed: the engine exited with code 3/);
    expect(recorded.of('engine-exited')).toHaveLength(2);
  });

  it('fails a job with engine_start_failed when the engine cannot load its runners', async () => {
    const { host } = newHost({}, [join(projects.dir, 'missing-runners.ts')]);
    const project = projects.create('Broken');
    host.attach(project);
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 1, sleepMs: 1 } });
    const final = await host.waitFor(project.path, job.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/before it was ready: engine failed to start: .*missing-runners/);
  });

  it('stops the running job of a detached project and leaves it to resume, serving the others', async () => {
    const { host, recorded } = newHost();
    const closing = projects.create('Closing');
    const staying = projects.create('Staying');
    host.attach(closing);
    host.attach(staying);
    const long = host.enqueue(closing.path, { kind: 'eval', params: { steps: 100, sleepMs: 50 } });
    const short = host.enqueue(staying.path, { kind: 'eval', params: { steps: 2, sleepMs: 10 } });
    await recorded.next('progress', (p) => p.step >= 1);

    await host.detach(closing.path);
    expect(getJob(closing.db, long.id).status).toBe('interrupted');
    expect((await host.waitFor(staying.path, short.id)).status).toBe('done');
    expect(() => host.enqueue(closing.path, { kind: 'eval', params: {} })).toThrow(/not open/);
  });

  it('leaves no engine process behind when its host process is killed', async () => {
    const fakeHost = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/host-process.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const enginePid = await new Promise<number>((resolve, reject) => {
      fakeHost.stdout.on('data', (chunk: Buffer) => {
        const match = /engine (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      fakeHost.on('exit', () => reject(new Error('the fake host exited early')));
    });
    expect(alive(enginePid)).toBe(true);
    fakeHost.kill('SIGKILL');
    for (let i = 0; i < 50 && alive(enginePid); i++) await sleep(100);
    expect(alive(enginePid)).toBe(false);
  });

  it('leaves no engine process behind after close and leaves the running job to resume', async () => {
    const { host, recorded } = newHost();
    const project = projects.create('Quit');
    host.attach(project);
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 100, sleepMs: 50 } });
    await recorded.next('progress', (p) => p.step >= 1);
    const pids = recorded.of('engine-ready').map((e) => e.pid);
    expect(pids.every(alive)).toBe(true);
    const waiting = host.waitFor(project.path, job.id);

    await host.close();
    expect(pids.some(alive)).toBe(false);
    expect(getJob(project.db, job.id).status).toBe('interrupted');
    await expect(waiting).rejects.toThrow(/job host was closed/);
  });
});
