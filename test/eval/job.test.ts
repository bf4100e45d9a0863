/**
 * The 'eval' job: the job host runs the evaluation runner (in-process engine), which stores its
 * results in the project's SQLite, and stops within a training step when cancelled.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobHost } from '../../main/jobs/host';
import { inProcessEngine } from '../../main/jobs/in-process-transport';
import { closeProject, createProject, listEvalResults, type Project } from '../../main/project/index';
import { storyworld, tempDir } from './helpers';

const EVAL_RUNNER = fileURLToPath(new URL('../../main/eval/runner.ts', import.meta.url));

const temp = tempDir('job');
let data: string;
let project: Project;
let host: JobHost;

beforeAll(async () => {
  data = await storyworld(join(temp.dir, 'data'), 8, 32);
  project = createProject(temp.dir, 'Evaluated');
  host = new JobHost({ engine: inProcessEngine({ runnerModules: [EVAL_RUNNER] }), progressWriteMs: 50 });
  host.attach(project);
});

afterAll(async () => {
  await host.close();
  closeProject(project);
  temp.remove();
});

const retrieval = (budget: number, out: string) => ({
  what: 'retrieval', data: [data], scale: 'micro', budget, arms: ['pfp-4x4x2'], clips: 2, targets: 1, fewSteps: 1, seeds: 1, validationFraction: 0.25, out,
});

describe('the eval job', () => {
  it('runs a retrieval evaluation and stores its results in the project', async () => {
    const job = host.enqueue(project.path, { kind: 'eval', params: retrieval(2, join(temp.dir, 'out')) });
    const done = await host.waitFor(project.path, job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    const [stored] = listEvalResults(project.db, 'retrieval');
    expect(stored).toMatchObject({ jobId: job.id, kind: 'retrieval' });
    expect((stored?.results as { rows: { id: string; steps: number }[] }).rows).toMatchObject([{ id: 'pfp-4x4x2', steps: 2 }]);
  }, 60_000);

  it('stops within a training step when cancelled', async () => {
    const job = host.enqueue(project.path, { kind: 'eval', params: retrieval(1000, join(temp.dir, 'long')) });
    await new Promise<void>((resolve) => {
      const stop = host.subscribe((event) => {
        if (event.type === 'progress' && event.jobId === job.id && event.step >= 1) {
          stop();
          resolve();
        }
      });
    });
    const cancelled = await host.cancel(project.path, job.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.step).toBeLessThan(1000);
    expect(listEvalResults(project.db, 'retrieval')).toHaveLength(1);
  }, 60_000);
});
