/**
 * The job runner of kind 'train' (stage 1 pretraining, stage 2 fine-tuning) in the engine
 * process. It trains on the given dataset folders, or on the project's imported footage with its
 * storyboard as captions; records the run and its metrics in the project's SQLite for the
 * training panel; and registers the finished model so the project can select it. The run folder
 * follows from the params, so a job started again with the same params (after a crash, or a
 * retry of a cancelled one) continues from its last checkpoint.
 */
import { initEngine } from '../../engine/backend/index';
import { TrainError, defaultTrainConfig } from '../../engine/train/index';
import { closeProject, openProject, type JsonValue } from '../../project/index';
import { registerRunner, type RunnerContext } from '../runners';
import { projectFootageDataset } from './train-footage';
import { runTrainJob } from './train-job';
import { trainJobOptions, trainParamsSchema, trainRunDir, type TrainParams } from './train-params';
import { defaultTrainWorkers } from './train-workers';
import { TrainingRecord } from './train-record';

async function trainRunner(ctx: RunnerContext<TrainParams>): Promise<unknown> {
  const { params } = ctx;
  const engine = await initEngine();
  const project = openProject(ctx.projectPath);
  try {
    const runDir = trainRunDir(project.path, params);
    const data = params.data ?? [projectFootageDataset(project)];
    const record = TrainingRecord.start(project, { jobId: ctx.jobId, stage: params.stage, config: { ...params, runDir } as JsonValue, runDir });
    const options = trainJobOptions(params, data, runDir);
    // Both cores on wasm, as `longshot train` does; a machine setting, so a resumed run may use another count.
    const workers = defaultTrainWorkers(engine.backend, options.batch ?? defaultTrainConfig(params.stage).batch);
    ctx.log('info', `training (${params.stage}) on ${engine.backend} with ${workers} engine${workers === 1 ? '' : 's'} in ${runDir}`);
    const train = (count: number) => runTrainJob({ ...options, workers: count, signal: ctx.signal }, {
      onStart: ({ step, steps, resumed }) => {
        ctx.progress(step, steps, resumed ? `continuing from step ${step}` : 'starting');
        for (const skipped of resumed?.skipped ?? []) ctx.log('warn', `skipped a damaged checkpoint: ${skipped.reason}`);
      },
      onStep: (report) => ctx.progress(report.step, report.steps, `loss ${report.loss.toFixed(4)}`),
      onMetrics: (step, metrics) => record.metrics(step, metrics),
      onCheckpoint: ({ dir }) => ctx.artifact('checkpoint', dir),
      log: (text) => ctx.log('warn', text),
    }, engine.backend);
    try {
      let result: Awaited<ReturnType<typeof train>>;
      try {
        result = await train(workers);
      } catch (error) {
        // A worker thread that cannot run here (e.g. a packaging fault) must not cost the user the run:
        // it continues on this engine alone from its last checkpoint, which the engine count does not change.
        if (!(error instanceof TrainError && error.code === 'worker_failed' && workers > 1)) throw error;
        ctx.log('warn', `${error.message}; continuing on one engine`);
        result = await train(1);
      }
      const model = record.complete(result.model, result.outcome.metrics);
      if (result.model) ctx.artifact('model', result.model.dir);
      return { runId: record.run.id, runDir, step: result.outcome.step, modelId: model?.id ?? null, modelDir: result.model?.dir ?? null, metrics: result.outcome.metrics };
    } catch (error) {
      record.end(ctx.signal.aborted ? 'cancelled' : 'failed');
      throw error;
    }
  } finally {
    closeProject(project);
  }
}

registerRunner('train', trainRunner, trainParamsSchema);
