// Generation as a job, end to end through the real job host with an in-process engine: chunk
// order and caption timing, durable chunks with previews, no tensor leak, cancel within one
// sampler step, resume after an abort giving the same video, takes from chunk N onward, and a
// take refused rather than continued once its run's model weights changed; a full disk while a
// chunk is saved fails the job, keeps the chunks before it and leaves nothing half-written.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobHost, inProcessEngine } from '../../main/jobs/index';
import { generateTake, type GenerationReporter } from '../../main/jobs/generation/loop';
import { chunkFile, projectFile } from '../../main/jobs/generation/paths';
import { parsePlan } from '../../main/jobs/generation/plan';
import { createGeneration, createRetake } from '../../main/jobs/generation/takes';
import { dirname, join } from 'node:path';
import { getRun, getTake, listCaptions, listChunks, setCurrentTake, updateSettings, type Project } from '../../main/project/index';
import { recordEvents } from '../jobs/helpers';
import { CAPTIONS, chunkHashes, generationSandbox, GENERATION_RUNNERS, writeMicroModel } from './helpers';

let sandbox: Awaited<ReturnType<typeof generationSandbox>>;
let host: JobHost;
let events: ReturnType<typeof recordEvents>;

beforeAll(async () => {
  sandbox = await generationSandbox();
  host = new JobHost({ engine: inProcessEngine({ runnerModules: GENERATION_RUNNERS }), progressWriteMs: 20 });
  events = recordEvents(host);
});

afterAll(async () => {
  await host.close();
  sandbox.dispose();
});

/** Queues a take's job and waits for its end. */
async function runTake(project: Project, takeId: number) {
  const job = host.enqueue(project.path, { kind: 'generate', params: { takeId } });
  return host.waitFor(project.path, job.id);
}

describe('a generation job', () => {
  let project: Project;
  let takeId: number;

  beforeAll(() => {
    project = sandbox.project('Order');
    host.attach(project);
    takeId = createGeneration(project.db, { seed: 5 }).take.id;
  });

  it('makes every chunk in order, each with the caption active at its start', async () => {
    const tensors = tf.memory().numTensors;
    const job = await runTake(project, takeId);
    expect(job.status).toBe('done');
    const chunks = listChunks(project.db, takeId);
    // 3 s at 4 fps in chunks of 2 frames: 6 chunks starting at 0, 0.5, ... 2.5 s; the cut is at 1.5 s.
    expect(chunks.map((c) => [c.chunkIndex, c.frameStart, c.frameEnd])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 2 * i, 2 * i + 2]));
    expect(chunks.map((c) => c.caption)).toEqual([CAPTIONS[0], CAPTIONS[0], CAPTIONS[0], CAPTIONS[1], CAPTIONS[1], CAPTIONS[1]]);
    expect(new Set(chunks.map((c) => c.seed)).size).toBe(6);
    for (const chunk of chunks) expect(existsSync(projectFile(project, chunk.framesPath))).toBe(true);
    const { runId } = getTake(project.db, takeId);
    expect(parsePlan(getRun(project.db, runId).settings, runId).model).toMatchObject({ source: 'checkpoint', path: sandbox.modelDir, preset: 'micro' });
    // The model was disposed with the job: no tensor outlives it.
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('reported progress per step, a preview per chunk and the estimate between, and an artifact per chunk', () => {
    const mine = <T extends { projectPath?: string }>(list: T[]) => list.filter((e) => e.projectPath === project.path);
    const progress = mine(events.of('progress'));
    expect(progress.at(-1)).toMatchObject({ step: 18, total: 18 });
    const artifacts = mine(events.of('artifact'));
    expect(artifacts.map((a) => a.kind)).toEqual(Array(6).fill('chunk'));
    const previews = mine(events.of('preview')).map((p) => p.path);
    const chunkPreviews = previews.filter((p) => /chunk-\d{4}\.png$/.test(p));
    expect(chunkPreviews).toHaveLength(6);
    expect(previews.some((p) => p.endsWith('estimate.png'))).toBe(true);
    const png = readFileSync(chunkPreviews[0] as string);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('says so, instead of counting past the end, when the take is already complete', async () => {
    const job = await runTake(project, takeId);
    expect(job.status).toBe('done');
    const first = events.of('progress').find((e) => e.jobId === job.id);
    expect(first).toMatchObject({ step: 18, total: 18, message: 'all 6 chunks already made' });
  });

  it('keeps earlier chunks byte-identical in a take from chunk 3 with another seed, and differs after', async () => {
    const before = chunkHashes(project, takeId);
    const retake = createRetake(project.db, { runId: getTake(project.db, takeId).runId, fromChunk: 3, seed: 99 }).take;
    expect((await runTake(project, retake.id)).status).toBe('done');
    const after = chunkHashes(project, retake.id);
    expect(chunkHashes(project, takeId)).toEqual(before);
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(after.slice(3).every((hash, i) => hash !== before[3 + i])).toBe(true);
    // The retake's own chunks only; the earlier ones are its parent's rows, not copies.
    expect(listChunks(project.db, retake.id).filter((c) => c.takeId === retake.id).map((c) => c.chunkIndex)).toEqual([3, 4, 5]);
    // Finished, the retake is the one shown; its parent stays listed to choose back.
    expect(getTake(project.db, retake.id).isCurrent).toBe(true);
    expect(getTake(project.db, takeId).isCurrent).toBe(false);
    expect(setCurrentTake(project.db, takeId).isCurrent).toBe(true);
  });

  it('regenerates with a caption override only where that caption is active', async () => {
    const runId = getTake(project.db, takeId).runId;
    const [, second] = listCaptions(project.db);
    const retake = createRetake(project.db, {
      runId, fromChunk: 2, seed: 5, parentTakeId: takeId, captionOverrides: [{ captionId: second?.id ?? 0, text: 'the woman walks away' }],
    }).take;
    expect((await runTake(project, retake.id)).status).toBe('done');
    const chunks = listChunks(project.db, retake.id);
    expect(chunks.map((c) => c.caption)).toEqual([CAPTIONS[0], CAPTIONS[0], CAPTIONS[0], 'the woman walks away', 'the woman walks away', 'the woman walks away']);
    // Same seed, same caption, same memory: chunk 2 is the parent's chunk 2 again, bit for bit.
    expect(chunkHashes(project, retake.id)[2]).toBe(chunkHashes(project, takeId)[2]);
  });
});

describe('the model of a run', () => {
  it('is the one pinned when the run was made: a take is refused, not continued, once its weights changed', async () => {
    const modelDir = join(sandbox.root, 'retrained-model');
    await writeMicroModel(modelDir);
    const project = sandbox.project('Retrained');
    updateSettings(project.db, { modelId: modelDir });
    const take = createGeneration(project.db, { seed: 4 }).take;
    const controller = new AbortController();
    const reporter: GenerationReporter = {
      signal: controller.signal, throwIfCancelled: () => controller.signal.throwIfAborted(), progress: () => undefined,
      preview: () => undefined, artifact: () => controller.abort(), log: () => undefined,
    };
    await expect(generateTake(project, take.id, reporter)).rejects.toMatchObject({ name: 'AbortError' });
    expect(listChunks(project.db, take.id)).toHaveLength(1);

    // The model is trained further and saved over the same folder.
    await writeMicroModel(modelDir, 5);
    const resumed = generateTake(project, take.id, { ...reporter, signal: new AbortController().signal, throwIfCancelled: () => undefined });
    await expect(resumed).rejects.toMatchObject({ code: 'model_changed', message: expect.stringContaining(`the weights in ${modelDir} changed`) });
    expect(listChunks(project.db, take.id)).toHaveLength(1);
    const planOf = (runId: number) => parsePlan(getRun(project.db, runId).settings, runId).model;
    expect(planOf(createGeneration(project.db, { seed: 4 }).run.id)).not.toEqual(planOf(take.runId));
  });
});

describe('cancel and resume', () => {
  it('stops at the sampler step where the cancel arrived, with no step after it', async () => {
    const project = sandbox.project('Cancel');
    const take = createGeneration(project.db, { seed: 3 }).take;
    const controller = new AbortController();
    const steps: number[] = [];
    const artifacts: string[] = [];
    const reporter: GenerationReporter = {
      signal: controller.signal,
      throwIfCancelled: () => controller.signal.throwIfAborted(),
      progress: (step) => {
        steps.push(step);
        if (step === 5) controller.abort();
      },
      preview: () => undefined,
      artifact: (_kind, path) => artifacts.push(path),
      log: () => undefined,
    };
    const tensors = tf.memory().numTensors;
    await expect(generateTake(project, take.id, reporter)).rejects.toMatchObject({ code: 'cancelled', step: 2, total: 3 });
    expect(steps.at(-1)).toBe(5);
    // Chunk 0 (steps 1-3) was saved; chunk 1 stopped at its second step and left nothing.
    expect(artifacts).toHaveLength(1);
    expect(listChunks(project.db, take.id)).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses a take whose memory estimate exceeds what the backend holds, before sampling', async () => {
    const project = sandbox.project('Small');
    const take = createGeneration(project.db, { seed: 3 }).take;
    const reporter: GenerationReporter = {
      signal: new AbortController().signal, throwIfCancelled: () => undefined, progress: () => undefined,
      preview: () => undefined, artifact: () => undefined, log: () => undefined,
    };
    await expect(generateTake(project, take.id, reporter, { memoryLimitBytes: 1000 })).rejects.toMatchObject({ code: 'insufficient_memory' });
    expect(listChunks(project.db, take.id)).toHaveLength(0);
    expect((await generateTake(project, take.id, reporter, { memoryLimitBytes: 1e9 })).generated).toBe(6);
  });

  it('cancels a running job, and a rerun finishes the same video as an uninterrupted run', async () => {
    const project = sandbox.project('Resume', 4);
    host.attach(project);
    const straight = createGeneration(project.db, { seed: 11 }).take;
    expect((await runTake(project, straight.id)).status).toBe('done');

    const tensors = tf.memory().numTensors;
    const interrupted = createGeneration(project.db, { seed: 11 }).take;
    const job = host.enqueue(project.path, { kind: 'generate', params: { takeId: interrupted.id } });
    await events.next('artifact', (e) => e.jobId === job.id);
    expect((await host.cancel(project.path, job.id)).status).toBe('cancelled');
    const partial = listChunks(project.db, interrupted.id).length;
    expect(partial).toBeGreaterThanOrEqual(1);
    expect(partial).toBeLessThan(8);
    expect(tf.memory().numTensors).toBe(tensors);

    expect((await runTake(project, interrupted.id)).status).toBe('done');
    expect(chunkHashes(project, interrupted.id)).toEqual(chunkHashes(project, straight.id));
  });
});

// A disk that fills up while a chunk is saved (reliability.md, "Jobs"): the full disk is the
// kernel's own, the chunk's partial file being a symlink to /dev/full, whose every write fails
// with ENOSPC.
describe.runIf(existsSync('/dev/full'))('a full disk while a chunk is saved', () => {
  it('fails the job with the reason, keeps the chunks before it, and the take continues later', async () => {
    const project = sandbox.project('DiskFull');
    host.attach(project);
    const straight = createGeneration(project.db, { seed: 9 }).take;
    expect((await runTake(project, straight.id)).status).toBe('done');

    const take = createGeneration(project.db, { seed: 9 }).take;
    const third = projectFile(project, chunkFile(take, 2));
    mkdirSync(dirname(third), { recursive: true });
    symlinkSync('/dev/full', `${third}.partial`);
    const tensors = tf.memory().numTensors;

    const failed = await runTake(project, take.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/disk_full: chunk 3 could not be saved: the disk is full \(ENOSPC.*\)\. The take's 2 saved chunks are kept; free some disk space and continue the take\./);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(chunkHashes(project, take.id)).toEqual(chunkHashes(project, straight.id).slice(0, 2));
    // Neither the refused chunk nor its partial file is left behind.
    expect(readdirSync(dirname(third)).filter((name) => name.startsWith('chunk-'))).toEqual(['chunk-0000.frames', 'chunk-0001.frames']);

    // Space again: the same take continues from chunk 3 to the same video.
    const resumed = await runTake(project, take.id);
    expect(resumed.status).toBe('done');
    expect(listChunks(project.db, take.id)).toHaveLength(listChunks(project.db, straight.id).length);
    expect(chunkHashes(project, take.id)).toEqual(chunkHashes(project, straight.id));
  });
});
