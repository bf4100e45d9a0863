// The utilityProcess engine protocol (port-transport.ts on the host side, port-engine.ts on the
// engine side) run by the real job host against plain Node child processes, with the test
// runners of the job host's own tests: jobs finish, cancel, survive an engine kill by resuming,
// and bad messages or results are contained.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portTransport } from '../../main/electron/engine/port-transport';
import { JobHost, type EngineFactory } from '../../main/jobs/index';
import { TEST_RUNNERS, recordEvents, tempProjects } from '../jobs/helpers';
import { nodeEngineProcess } from './fixtures/node-engine-process';

const CHILD = fileURLToPath(new URL('./fixtures/port-engine-child.ts', import.meta.url));

let projects: ReturnType<typeof tempProjects>;
let host: JobHost;
let output: string[];

function portEngine(): EngineFactory {
  return () => portTransport(nodeEngineProcess(CHILD, [TEST_RUNNERS], ['--import', 'tsx']), (stream, line) => output.push(`${stream}: ${line}`));
}

beforeEach(() => {
  projects = tempProjects();
  output = [];
  host = new JobHost({ engine: portEngine(), progressWriteMs: 50 });
});

afterEach(async () => {
  await host.close();
  projects.dispose();
});

describe('engine over a message port', () => {
  it('runs a job to done in its own process with monotone progress', async () => {
    const project = projects.create('Port');
    host.attach(project);
    const recorded = recordEvents(host);
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 6, sleepMs: 30 } });
    const final = await host.waitFor(project.path, job.id);

    expect(final).toMatchObject({ status: 'done', step: 6, total: 6 });
    const ready = recorded.of('engine-ready')[0];
    expect(ready?.pid).not.toBe(process.pid);
    expect(ready?.kinds).toEqual(['eval', 'export', 'import']);
    const result = recorded.of('finished')[0]?.result as { pid: number };
    expect(result.pid).toBe(ready?.pid);
    const steps = recorded.of('progress').map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(6);
  });

  it('cancels within a step and runs the next job in the same engine', async () => {
    const project = projects.create('Cancel');
    host.attach(project);
    const recorded = recordEvents(host);
    const first = host.enqueue(project.path, { kind: 'eval', params: { steps: 50, sleepMs: 60 } });
    const second = host.enqueue(project.path, { kind: 'eval', params: { steps: 2, sleepMs: 5 } });
    await recorded.next('progress', (p) => p.jobId === first.id && p.step >= 2);
    const cancelled = await host.cancel(project.path, first.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.step).toBeLessThan(10);
    expect((await host.waitFor(project.path, second.id)).status).toBe('done');
    expect(recorded.of('engine-ready')).toHaveLength(1);
  });

  it('restarts a killed engine and resumes the interrupted job from its saved step', async () => {
    const project = projects.create('Kill');
    host.attach(project);
    const recorded = recordEvents(host);
    const stateFile = join(projects.dir, 'kill.json');
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 8, sleepMs: 60, stateFile } });
    const first = await recorded.next('engine-ready');
    await recorded.next('progress', (p) => p.step >= 3);
    process.kill(first.pid, 'SIGKILL');

    const final = await host.waitFor(project.path, job.id);
    expect(final.status).toBe('done');
    expect(recorded.of('engine-exited')[0]).toMatchObject({ pid: first.pid });
    expect(recorded.of('interrupted').map((e) => e.job.id)).toEqual([job.id]);
    const second = recorded.of('engine-ready')[1];
    expect(second?.pid).not.toBe(first.pid);
    const result = recorded.of('finished')[0]?.result as { resumedFrom: number; pid: number };
    expect(result).toMatchObject({ pid: second?.pid });
    expect(result.resumedFrom).toBeGreaterThanOrEqual(3);
  });

  it('drops malformed messages, passes console output to the log, and fails an uncloneable result', async () => {
    const project = projects.create('Garbage');
    host.attach(project);
    const recorded = recordEvents(host);
    const garbage = host.enqueue(project.path, { kind: 'import', params: {} });
    expect((await host.waitFor(project.path, garbage.id)).status).toBe('done');
    expect(recorded.of('finished')[0]?.result).toBe('survived');
    expect(recorded.of('log').filter((l) => l.text.includes('dropped')).length).toBeGreaterThanOrEqual(5);

    const unclonable = host.enqueue(project.path, { kind: 'export', params: { mode: 'unclonable' } });
    const failed = await host.waitFor(project.path, unclonable.id);
    expect(failed.status).toBe('failed');
    expect(recorded.of('finished')[1]?.error?.code).toBe('bad_result');
    // Console output travels a pipe, not the port, so it may arrive after the job's end.
    await expect.poll(() => output).toContain('stdout: hello from the engine');
    expect(recorded.of('engine-ready')).toHaveLength(1);
  });
});
