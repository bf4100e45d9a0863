// evaluations.* through handleCall, with the real evaluation runner in an in-process engine: a
// start queues an 'eval' job whose params are main/eval's own (defaults filled, output folder in
// the project), the job runs a micro retrieval evaluation, and the list gives back what the store
// holds, checked by the contract's schema. Bad params, a folder that is not a dataset and a
// dataset of another frame size than the scored model's are refused with typed errors before
// anything is queued. A micro model trained here and registered
// in the project is scored by a model evaluation chosen by its id, and its stored row lists with
// every figure.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { writeStoryworldDataset } from '../../main/data/index';
import { trainArm } from '../../main/eval/arms';
import type { ConsistencyResults, JudgeResults, ModelEvalResults, RetrievalResults } from '../../main/eval/index';
import { evalParams } from '../../main/eval/params';
import { encoderArm } from '../../main/eval/scales';
import { inProcessEngine } from '../../main/jobs/index';
import { addEvalResult, listEvalResults, listJobs, registerModel } from '../../main/project/index';
import { createServiceContext, handleCall, type ServiceContext } from '../../main/services/index';
import type { CallOutput, Result, consistencyResults, judgeResults, modelResults, retrievalResults } from '../../preload/api';

const EVAL_RUNNER = fileURLToPath(new URL('../../main/eval/runner.ts', import.meta.url));

let home: string;
let data: string;
let ctx: ServiceContext;
let projectId: string;
let projectPath: string;

async function call<C extends string>(channel: C, input: unknown): Promise<Result<unknown>> {
  return handleCall(channel, input, ctx);
}

async function value<T>(channel: string, input: unknown): Promise<T> {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function failure(channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await call(channel, input);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

type Job = CallOutput<'jobs.get'>;
const db = () => ctx.projects.get(projectId).db;
const micro = { what: 'retrieval', scale: 'micro', budget: 2, arms: ['pfp-4x4x2'], clips: 2, seeds: 1 };

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'longshot-evaluations-'));
  process.env.LONGSHOT_HOME = home;
  data = join(home, 'storyworld');
  await writeStoryworldDataset({ dir: data, videos: 8, seconds: 12, width: 32, height: 32, fps: 8, seed: 3 });
  ctx = createServiceContext({ projectsDir: join(home, 'projects'), engine: inProcessEngine({ runnerModules: [EVAL_RUNNER] }) });
  const project = await value<{ id: string; path: string }>('projects.create', { name: 'Measured' });
  projectId = project.id;
  projectPath = project.path;
});

afterAll(async () => {
  await ctx?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('evaluations', () => {
  it('offers main/eval\'s scales and models, and the project\'s own dataset', async () => {
    const choices = await value<CallOutput<'evaluations.choices'>>('evaluations.choices', { projectId });
    expect(choices.scales).toEqual(expect.arrayContaining(['micro', 'small', 'tiny']));
    expect(choices.arms.retrieval.map((a) => a.id)).toContain('pfp-4x4x2');
    expect(choices.arms.retrieval.every((a) => a.pretrained)).toBe(true);
    expect(choices.arms.consistency.find((a) => a.id === 'not-pretrained')?.pretrained).toBe(false);
    expect(choices.dataset).toMatchObject({ path: join(projectPath, 'eval', 'storyworld-64'), exists: false, width: 64, height: 64 });
  });

  it('queues an eval job with the runner\'s params, runs it, and lists its stored results', async () => {
    const job = await value<Job>('evaluations.start', { projectId, data, ...micro });
    expect(job).toMatchObject({ kind: 'eval', status: 'queued' });
    // The runner's own schema, defaults filled, models kept in a folder of this project named by the setup.
    expect(evalParams.parse(job.params)).toEqual(job.params);
    expect(job.params).toMatchObject({ ...micro, data: [data], seed: 1, targets: 4, fewSteps: 4, batch: 2 });
    expect((job.params as { out: string }).out).toMatch(new RegExp(`^${projectPath}/eval/runs/micro-[0-9a-f]{12}$`));

    const done = await ctx.jobs.waitFor(projectPath, job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');

    const listed = await value<CallOutput<'evaluations.list'>>('evaluations.list', { projectId });
    const [stored] = listEvalResults(db());
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: stored?.id, jobId: job.id, kind: 'retrieval', command: stored?.command, problem: null });
    // Every number the contract keeps is the stored one.
    expect(stored?.results).toMatchObject(listed[0]?.results as object);
    const results = listed[0]?.results;
    if (results?.kind !== 'retrieval') throw new Error('expected retrieval results');
    expect(results.rows.map((r) => [r.id, r.steps])).toEqual([['pfp-4x4x2', 2]]);
    expect(results.provenance.seed).toBe(1);
    expect(results.provenance.models.map((m) => m.sha256)).toEqual([results.rows[0]?.sha256]);
    expect(results.orderings.every((o) => typeof o.holds === 'boolean')).toBe(true);
    expect(await value('evaluations.list', { projectId, kind: 'consistency' })).toEqual([]);
  }, 60_000);

  it('lists a stored result it cannot read with the reason instead of failing the list', async () => {
    const odd = addEvalResult(db(), { kind: 'retrieval', command: 'longshot eval retrieval', results: { kind: 'retrieval', version: 2 } });
    const listed = await value<CallOutput<'evaluations.list'>>('evaluations.list', { projectId, kind: 'retrieval' });
    expect(listed[0]).toMatchObject({ id: odd.id, results: null, problem: expect.stringMatching(/not in the form this version reads/) });
    expect(listed[1]?.results).not.toBeNull();
  });

  it('refuses params the evaluation\'s schema refuses, queuing nothing', async () => {
    const before = listJobs(db()).length;
    for (const [bad, field] of [
      [{ scale: 'huge' }, 'scale'],
      [{ clips: 20_000 }, 'clips'],
      [{ arms: ['pfp-9x9x9'] }, 'arms'],
      [{ videos: 3 }, 'videos'],
    ] as const) {
      const error = await failure('evaluations.start', { projectId, data, ...micro, ...bad });
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(field);
    }
    expect(listJobs(db())).toHaveLength(before);
  });

  it('refuses a folder that is not a Storyworld dataset, saying what to choose', async () => {
    const missing = await failure('evaluations.start', { projectId, data: join(home, 'nowhere'), ...micro });
    expect(missing.code).toBe('invalid_data');
    expect(missing.message).toMatch(/is not a Storyworld dataset .*longshot data storyworld.*project's own dataset/);
    const relative = await failure('evaluations.start', { projectId, data: 'storyworld', ...micro });
    expect(relative).toMatchObject({ code: 'invalid_data', message: expect.stringMatching(/absolute path/) });
  });

  it('writes the project\'s own dataset once when no folder is given', async () => {
    const job = await value<Job>('evaluations.start', { projectId, ...micro });
    const dir = join(projectPath, 'eval', 'storyworld-64');
    expect(job.params).toMatchObject({ data: [dir] });
    await ctx.jobs.cancel(projectPath, job.id);
    const choices = await value<CallOutput<'evaluations.choices'>>('evaluations.choices', { projectId });
    expect(choices.dataset.exists).toBe(true);
  }, 30_000);

  it('scores a model of the project chosen by its id, and lists its stored figures', async () => {
    const trained = await trainArm(
      { data: [data], out: join(home, 'arms'), scale: 'micro', seed: 1, batch: 2, validationFraction: 0.1, log: () => undefined },
      { arm: encoderArm('pfp', '4x4x2'), stage: 'pretrain', steps: 2, start: { from: 'scratch' } },
    );
    const sha256 = createHash('sha256').update(readFileSync(join(trained.dir, 'model.safetensors'))).digest('hex');
    const model = registerModel(db(), { path: trained.dir, kind: 'model', preset: 'tiny-micro', sha256 });
    const scored = { what: 'model', clips: 2, videos: 1 };
    const job = await value<Job>('evaluations.start', { projectId, data, modelId: String(model.id), ...scored });
    expect(evalParams.parse(job.params)).toEqual(job.params);
    expect(job.params).toMatchObject({ ...scored, model: trained.dir, data: [data], seed: 1, targets: 4, batch: 4 });
    expect((job.params as { out: string }).out).toMatch(new RegExp(`^${projectPath}/eval/runs/model-[0-9a-f]{12}$`));
    const done = await ctx.jobs.waitFor(projectPath, job.id);
    expect(done.error).toBeNull();

    const [listed] = await value<CallOutput<'evaluations.list'>>('evaluations.list', { projectId, kind: 'model' });
    const [stored] = listEvalResults(db(), 'model');
    expect(listed).toMatchObject({ id: stored?.id, jobId: job.id, kind: 'model', problem: null });
    // The contract keeps every figure main/eval stored, and drops none.
    expect(listed?.results).toEqual(stored?.results);
    const results = listed?.results;
    if (results?.kind !== 'model') throw new Error('expected model results');
    expect(results.model).toMatchObject({ path: trained.dir, sha256, compression: '4x4x2' });
    expect(results.continuation.videos).toHaveLength(1);
  }, 60_000);

  it('scores the project\'s own model when none is named, and refuses a model where none is scored', async () => {
    const [model] = await value<CallOutput<'models.list'>>('models.list', { projectId });
    await value('projects.updateSettings', { projectId, patch: { modelId: String(model?.id) } });
    const job = await value<Job>('evaluations.start', { projectId, data, what: 'model', clips: 2, videos: 1 });
    expect(job.params).toMatchObject({ what: 'model', model: model?.path });
    await ctx.jobs.cancel(projectPath, job.id);

    const before = listJobs(db()).length;
    const random = await failure('evaluations.start', { projectId, data, what: 'model', modelId: 'random:tiny' });
    expect(random).toMatchObject({ code: 'invalid_model', message: expect.stringMatching(/'random:tiny' names no trained model/) });
    const unknown = await failure('evaluations.start', { projectId, data, what: 'model', modelId: join(home, 'nowhere') });
    expect(unknown).toMatchObject({ code: 'invalid_model', message: expect.stringMatching(/neither a registered model/) });
    const misplaced = await failure('evaluations.start', { projectId, data, ...micro, modelId: String(model?.id) });
    expect(misplaced).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^modelId: only a model evaluation/) });
    const foreign = await failure('evaluations.start', { projectId, data, what: 'model', scale: 'micro' });
    expect(foreign).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('scale') });
    // The project's own dataset is 64x64; the micro model makes 32x32 frames: refused now, not when the job runs.
    const otherSize = await failure('evaluations.start', { projectId, what: 'model' });
    expect(otherSize).toMatchObject({ code: 'invalid_data', message: expect.stringMatching(/holds 64x64 video at 8 fps; the model takes 32x32 at 8 fps: choose a dataset/) });
    expect(listJobs(db())).toHaveLength(before);
  }, 30_000);

  it('keeps the contract\'s result schemas in step with what main/eval writes', () => {
    // A field main/eval renames or retypes fails here at compile time (tsc), not in the UI.
    expectTypeOf<RetrievalResults>().toExtend<z.input<typeof retrievalResults>>();
    expectTypeOf<ConsistencyResults>().toExtend<z.input<typeof consistencyResults>>();
    expectTypeOf<JudgeResults>().toExtend<z.input<typeof judgeResults>>();
    expectTypeOf<ModelEvalResults>().toExtend<z.input<typeof modelResults>>();
  });
});
