// The 'train' job end to end: the job host runs the runner (in-process engine), which trains on a
// dataset folder or on the project's footage, records the run, its metrics and the finished
// model in the project, and stops on cancel; and `longshot train`, which continues a run folder.
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { writeStoryworldDataset, type Dataset } from '../../main/data/index';
import { loadGenerationModel, resolveModelSource } from '../../main/jobs/generation/model-source';
import { JobHost } from '../../main/jobs/host';
import { stoppedRunCheckpoint } from '../../main/jobs/runners/train-checkpoints';
import { projectFootageDataset } from '../../main/jobs/runners/train-footage';
import { WORKERS_ENV } from '../../main/jobs/runners/train-workers';
import { inProcessEngine } from '../../main/jobs/in-process-transport';
import {
  addCaption, addFootage, captionFootage, closeProject, createProject, listFootage, listModels, listTrainingMetrics, listTrainingRuns, type Project,
} from '../../main/project/index';
import { smallStoryworld, tempDir } from './helpers';

const TRAIN_RUNNER = fileURLToPath(new URL('../../main/jobs/runners/train.ts', import.meta.url));

const temp = tempDir('job');
let dataset: Dataset;
let project: Project;
let host: JobHost;
beforeAll(async () => {
  dataset = await smallStoryworld(join(temp.dir, 'data'), 6, 12);
  project = createProject(temp.dir, 'Training');
  host = new JobHost({ engine: inProcessEngine({ runnerModules: [TRAIN_RUNNER] }), progressWriteMs: 50 });
  host.attach(project);
});
afterAll(async () => {
  await host.close();
  closeProject(project);
  temp.remove();
});

describe('the train job', () => {
  it('trains on a dataset and records the run, its metrics and the model in the project', async () => {
    const params = { stage: 'pretrain', modelPreset: 'tiny', steps: 3, data: [dataset.dir], batch: 2, evalEvery: 3, evalClips: 1, checkpointEvery: 3 };
    const job = host.enqueue(project.path, { kind: 'train', params });
    const done = await host.waitFor(project.path, job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    const [run] = listTrainingRuns(project.db);
    expect(run).toMatchObject({ jobId: job.id, stage: 'pretrain', status: 'done' });
    const names = new Set(listTrainingMetrics(project.db, run?.id ?? 0).map((m) => m.name));
    for (const name of ['val/loss', 'train/loss', 'retrieval/oneStep/psnr', 'retrieval/meanFrame/psnr', 'retrieval/zeroMemory/psnr']) expect(names).toContain(name);
    const [model] = listModels(project.db);
    expect(model).toMatchObject({ kind: 'model', preset: 'tiny', trainingRunId: run?.id });
    const runDir = (run?.config as { runDir: string }).runDir;
    expect(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(3);
    // The project can select the model: the generation path resolves its id and loads it.
    const loaded = loadGenerationModel(resolveModelSource(project.db, project.path, String(model?.id)), '4x4x2');
    expect(loaded.description).toMatchObject({ source: 'checkpoint', sha256: model?.sha256 });
    loaded.model.dispose();
  });

  it('shares each step between engines on wasm, as `longshot train` does', async () => {
    const lines: string[] = [];
    const stop = host.subscribe((event) => {
      if (event.type === 'log') lines.push(event.text);
    });
    // vitest.config.ts pins one engine per file; a user's machine gets one per core, up to the batch.
    process.env[WORKERS_ENV] = '2';
    try {
      const params = { stage: 'pretrain', modelPreset: 'tiny', steps: 2, data: [dataset.dir], batch: 2, evalEvery: 0, checkpointEvery: 2, seed: 5 };
      const job = host.enqueue(project.path, { kind: 'train', params });
      const done = await host.waitFor(project.path, job.id);
      expect(done.error).toBeNull();
      expect(lines.some((line) => /training \(pretrain\) on wasm with 2 engines/.test(line))).toBe(true);
    } finally {
      process.env[WORKERS_ENV] = '1';
      stop();
    }
  }, 120_000);

  it('fails a run on datasets of two frame sizes, naming both, before any step', async () => {
    const larger = await writeStoryworldDataset({ dir: join(temp.dir, 'data-32'), videos: 2, seconds: 9, width: 32, height: 32, fps: 4, seed: 2 })
      .then(() => join(temp.dir, 'data-32'));
    const job = host.enqueue(project.path, { kind: 'train', params: { stage: 'pretrain', modelPreset: 'tiny', steps: 3, data: [dataset.dir, larger], batch: 2 } });
    const done = await host.waitFor(project.path, job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toBe(`invalid_data: ${larger} holds 32x32 video at 4 fps; the model takes 16x16 at 4 fps`);
  });

  it("trains on the project's footage with its storyboard, and stops within a step when cancelled", async () => {
    for (const id of dataset.videoIds.slice(0, 3)) {
      copyFileSync(dataset.video(id).framesPath, join(project.mediaDir, `${id}.frames`));
      addFootage(project.db, { sourcePath: `/videos/${id}.mp4`, framesPath: `media/${id}.frames`, frameCount: 48, fps: 4, width: 16, height: 16, fit: 'crop' });
    }
    addCaption(project.db, { startSec: 0, endSec: 6, text: 'a cat walks into the kitchen' });
    const job = host.enqueue(project.path, { kind: 'train', params: { stage: 'pretrain', steps: 1000, batch: 2, evalEvery: 0 } });
    const progressed = new Promise<void>((resolve) => {
      const stop = host.subscribe((event) => {
        if (event.type === 'progress' && event.jobId === job.id && event.step >= 1) {
          stop();
          resolve();
        }
      });
    });
    await progressed;
    const cancelled = await host.cancel(project.path, job.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.step).toBeLessThan(1000);
    expect(listTrainingRuns(project.db).at(-1)).toMatchObject({ jobId: job.id, status: 'cancelled' });
    const footage = readdirSync(join(project.path, 'training')).filter((name) => name.startsWith('footage-'));
    expect(footage).toHaveLength(1);
    const videoJson = JSON.parse(readFileSync(join(project.path, 'training', footage[0] as string, 'videos', 'footage-1', 'video.json'), 'utf8')) as { storyboard: { text: string }[] };
    expect(videoJson.storyboard.map((row) => row.text)).toEqual(['a cat walks into the kitchen']);
  });

  it('makes a model of the checkpoint a cancelled run kept, through the engine, and refuses runs with none', async () => {
    const early = listTrainingRuns(project.db).find((run) => run.status === 'cancelled');
    const done = listTrainingRuns(project.db).find((run) => run.status === 'done');
    if (!early || !done) throw new Error('the runs above changed');
    // Cancelled within its first step, before any checkpoint; finished, with its model listed.
    expect(() => stoppedRunCheckpoint(project.db, early.id)).toThrow(expect.objectContaining({ code: 'no_checkpoint', message: expect.stringMatching(/before its first checkpoint/) }));
    expect(() => stoppedRunCheckpoint(project.db, done.id)).toThrow(expect.objectContaining({ code: 'no_checkpoint' }));
    await expect(host.call(project.path, 'modelFromCheckpoint', { runId: 999 })).rejects.toMatchObject({ code: 'not_found' });

    const job = host.enqueue(project.path, { kind: 'train', params: { stage: 'pretrain', steps: 1000, data: [dataset.dir], batch: 2, evalEvery: 0, checkpointEvery: 1 } });
    await new Promise<void>((resolve) => {
      const stop = host.subscribe((event) => {
        if (event.type === 'progress' && event.jobId === job.id && event.step >= 2) {
          stop();
          resolve();
        }
      });
    });
    expect((await host.cancel(project.path, job.id)).status).toBe('cancelled');
    const stopped = listTrainingRuns(project.db).find((run) => run.jobId === job.id);
    const { checkpoint } = stoppedRunCheckpoint(project.db, stopped?.id ?? 0);
    const model = await host.call(project.path, 'modelFromCheckpoint', { runId: stopped?.id ?? 0 });
    expect(model).toMatchObject({ kind: 'checkpoint', preset: 'tiny', trainingRunId: stopped?.id, path: expect.stringMatching(new RegExp(`model-${basename(checkpoint.dir)}$`)) });
    // The project can generate with it: its id resolves and its weights load.
    const loaded = loadGenerationModel(resolveModelSource(project.db, project.path, String(model.id)), '4x4x2');
    expect(loaded.description).toMatchObject({ source: 'checkpoint', sha256: model.sha256 });
    loaded.model.dispose();
    // Again: the same folder, one row.
    await host.call(project.path, 'modelFromCheckpoint', { runId: stopped?.id ?? 0 });
    expect(listModels(project.db).filter((m) => m.kind === 'checkpoint')).toHaveLength(1);
  });

  it('captions a clip with what the user said happens in it, over the whole clip, in a new dataset', () => {
    const [first, second] = listFootage(project.db);
    captionFootage(project.db, first?.id ?? 0, 'the dog naps on the rug');
    const dir = projectFootageDataset(project);
    const storyboardOf = (id: number) => (JSON.parse(readFileSync(join(dir, 'videos', `footage-${id}`, 'video.json'), 'utf8')) as { storyboard: unknown[] }).storyboard;
    expect(storyboardOf(first?.id ?? 0)).toEqual([{ startSec: 0, endSec: 12, text: 'the dog naps on the rug', transition: 'continuous' }]);
    // A clip without its own caption keeps the storyboard's.
    expect(storyboardOf(second?.id ?? 0)).toMatchObject([{ text: 'a cat walks into the kitchen' }]);
    expect(readdirSync(join(project.path, 'training')).filter((name) => name.startsWith('footage-'))).toHaveLength(2);
  });
});

describe('longshot train', () => {
  const run = async (args: string[], signal?: AbortSignal, onLine?: (line: string) => void) => {
    const lines: string[] = [];
    const record = (line: string): void => {
      lines.push(line);
      onLine?.(line);
    };
    const code = await main(args, { out: record, err: record, ...(signal && { signal }) });
    return { code, text: lines.join('\n') };
  };
  const out = join(temp.dir, 'cli-run');
  const args = ['train', 'pretrain', '--data', join(temp.dir, 'data'), '--out', out, '--steps', '3', '--batch', '2', '--eval-every', '0', '--checkpoint-every', '3'];

  it('saves a checkpoint on Ctrl-C and continues from it when run again, on another engine count', async () => {
    const controller = new AbortController();
    const first = await run(args, controller.signal, (line) => {
      if (line.startsWith('step 1/3')) controller.abort();
    });
    expect(first.code).toBe(130);
    expect(first.text).toMatch(/stopped at step 1 of 3 \(checkpoint saved\); run the same command to continue/);
    // --workers is a machine setting: the same run folder continues on two engines.
    const second = await run([...args, '--workers', '2']);
    expect(second.code, second.text).toBe(0);
    expect(second.text).toMatch(/with wasm on 2 engines -> /);
    expect(second.text).toMatch(/continuing from step 1 of 3/);
    expect(second.text).toMatch(/done: 3 steps/);
    expect(existsSync(join(out, 'model', 'model.safetensors'))).toBe(true);
  });

  it('refuses options it does not know with a usage error', async () => {
    expect((await run(['train', 'pretrain', '--data', 'x', '--out', out, '--memory', '3x3x3'])).code).toBe(2);
    expect((await run(['train', 'sideways'])).code).toBe(2);
    expect((await run([...args, '--workers', '0'])).code).toBe(2);
    const tooMany = await run([...args, '--steps', '4', '--workers', '3']);
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.text).toMatch(/workers must be 1 to 2 \(each needs a clip of the batch of 2\), got 3/);
  });
});
