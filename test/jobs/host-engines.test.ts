// The same job behaviour through both engine transports: in-process and a Node child process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobHost } from '../../main/jobs/host';
import { inProcessEngine } from '../../main/jobs/in-process-transport';
import { nodeChildEngine } from '../../main/jobs/node-transport';
import { TEST_RUNNERS, recordEvents, tempProjects } from './helpers';

const stepOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { step: number }).step;

describe.each([
  { name: 'in-process engine', engine: () => inProcessEngine({ runnerModules: [TEST_RUNNERS] }), inProcess: true },
  { name: 'child process engine', engine: () => nodeChildEngine({ runnerModules: [TEST_RUNNERS] }), inProcess: false },
])('job host with $name', ({ engine, inProcess }) => {
  let projects: ReturnType<typeof tempProjects>;
  let host: JobHost;

  beforeEach(() => {
    projects = tempProjects();
    host = new JobHost({ engine: engine(), progressWriteMs: 50 });
  });

  afterEach(async () => {
    await host.close();
    projects.dispose();
  });

  it('runs a job to done with monotone progress, then a rate and an ETA', async () => {
    const project = projects.create('Count');
    host.attach(project);
    const recorded = recordEvents(host);
    const job = host.enqueue(project.path, { kind: 'eval', params: { steps: 10, sleepMs: 110 } });
    const final = await host.waitFor(project.path, job.id);

    expect(final).toMatchObject({ status: 'done', progress: 1, step: 10, total: 10 });
    const progress = recorded.of('progress');
    const steps = progress.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(10);
    expect(progress[0]).toMatchObject({ step: 0, rate: null, etaSec: null });
    const late = progress.filter((p) => p.step >= 3);
    expect(late.length).toBeGreaterThan(0);
    for (const p of late) {
      expect(p.rate).toBeGreaterThan(1.5);
      expect(p.rate).toBeLessThan(10);
      expect(p.etaSec).not.toBeNull();
    }
    // Seven steps of about 0.11 s are left at step 3.
    expect(late[0]?.etaSec).toBeGreaterThan(0.4);
    expect(late[0]?.etaSec).toBeLessThan(5);
    const finished = recorded.of('finished')[0];
    expect(finished).toMatchObject({ status: 'done', result: { steps: 10, resumedFrom: 0 } });
    expect((finished?.result as { pid: number }).pid === process.pid).toBe(inProcess);
    expect(recorded.of('artifact')).toHaveLength(1);
    expect(recorded.of('engine-ready')[0]?.kinds).toEqual(['eval', 'export', 'import']);
  });

  it('cancels the running job at a random step within one step, then runs the next job', async () => {
    const project = projects.create('Cancel');
    host.attach(project);
    const recorded = recordEvents(host);
    const stateFile = join(projects.dir, 'cancel.json');
    const cancelAt = 1 + Math.floor(Math.random() * 4);
    const first = host.enqueue(project.path, { kind: 'eval', params: { steps: 40, sleepMs: 120, stateFile } });
    const second = host.enqueue(project.path, { kind: 'eval', params: { steps: 3, sleepMs: 10 } });

    await recorded.next('progress', (p) => p.jobId === first.id && p.step >= cancelAt);
    const stepAtCancel = stepOf(stateFile);
    const cancelled = await host.cancel(project.path, first.id);
    expect(cancelled.status).toBe('cancelled');
    expect(stepOf(stateFile)).toBeLessThanOrEqual(stepAtCancel + 1);
    expect(recorded.of('finished')[0]?.error?.code).toBe('cancelled');

    expect((await host.waitFor(project.path, second.id)).status).toBe('done');
    expect(recorded.of('started').map((s) => s.job.id)).toEqual([first.id, second.id]);
    // A cooperative cancel needs no new engine.
    expect(recorded.of('engine-ready')).toHaveLength(1);
  });
});
