/**
 * One evaluation from parsed params to written results, shared by the `longshot eval` commands
 * and the 'eval' job runner: starts the engine, runs the evaluation, writes JSON, Markdown and
 * the chart (and the docs section when asked), and stores the results in the project's SQLite
 * when there is a project.
 */
import { join, resolve } from 'node:path';
import { initEngine } from '../engine/backend/index';
import type { StepReport } from '../engine/train/index';
import { addEvalResult, closeProject, openProject, type JsonValue } from '../project/index';
import type { ArmSetup } from './arms';
import { CONSISTENCY_ARMS, JUDGE_DEFAULTS, RETRIEVAL_ARMS } from './compared';
import { runConsistencyEval } from './consistency/run';
import { renderConsistency } from './consistency/report';
import { DEFAULT_JUDGE_DIR, trainAttributeJudge, type JudgeTrainingOptions } from './judge';
import { renderJudge, type JudgeResults } from './judge-report';
import { writeResults, type RenderedResults, type WrittenFiles } from './outputs';
import { runModelEval, type ModelEvalResults } from './model/run';
import { renderModelEval } from './model/report';
import type { ConsistencyParams, EvalParams, JudgeParams, ModelParams, RetrievalParams } from './params';
import { dataRecords, machineRecord, ProvenanceClock } from './provenance';
import { runRetrievalEval } from './retrieval';
import { renderRetrieval } from './retrieval-report';

/** Where an evaluation reports and what it runs for. */
export interface EvalContext {
  /** The command line (or job description) recorded with the results. */
  command: string;
  /** The project whose SQLite stores the results, if any. */
  projectPath: string | null;
  /**
   * Who writes the project (e.g. 'longshot eval model'): the results are stored under its write
   * lease, which the CLI takes before the run so that a project another process writes is refused
   * at once. The 'eval' job runner leaves it out: it works for the process that holds the lease.
   */
  writer?: string;
  jobId: number | null;
  signal?: AbortSignal;
  log(line: string): void;
  /** Progress of the current piece of work (a training run, a continuation, the judge's training). */
  progress(step: number, total: number, message: string): void;
}

/** What an evaluation produced. */
export interface EvalOutcome {
  kind: RenderedResults['kind'];
  files: WrittenFiles;
  /** Lines worth printing: the section's tables. */
  summary: string;
  /** The stored row's id, or null without a project. */
  storedId: number | null;
}

/** The default output folder: PROJECT/eval with a project, else .cache/longshot-eval here. */
export function defaultOutDir(projectPath: string | null): string {
  return projectPath === null ? resolve('.cache', 'longshot-eval') : join(projectPath, 'eval');
}

function armSetup(params: RetrievalParams | ConsistencyParams, out: string, ctx: EvalContext): ArmSetup {
  return {
    data: params.data, out, scale: params.scale, seed: params.seed, batch: params.batch, validationFraction: params.validationFraction,
    ...(ctx.signal && { signal: ctx.signal }), log: ctx.log,
    onStep: (arm, stage, report: StepReport) => ctx.progress(report.step, report.steps, `${arm.label} ${stage}: loss ${report.loss.toFixed(4)}`),
  };
}

/** The judge's training: as asked for `eval judge`, the defaults when another evaluation needs a judge first. */
function judgeTraining(params: EvalParams, ctx: EvalContext): Omit<JudgeTrainingOptions, 'out'> {
  const source: Pick<JudgeParams, 'steps' | 'batch' | 'learningRate' | 'trainVideos' | 'trainSeconds' | 'frameStep'> = params.what === 'judge' ? params : JUDGE_DEFAULTS;
  return {
    steps: source.steps, batch: source.batch, learningRate: source.learningRate, trainVideos: source.trainVideos,
    trainSeconds: source.trainSeconds, frameStep: source.frameStep,
    data: params.data, seed: params.seed, validationFraction: params.validationFraction,
    ...(ctx.signal && { signal: ctx.signal }), onStep: (step, steps, loss) => ctx.progress(step, steps, `judge: loss ${loss.toFixed(3)}`),
  };
}

async function render(params: EvalParams, out: string, ctx: EvalContext, clock: ProvenanceClock): Promise<RenderedResults> {
  switch (params.what) {
    case 'judge': {
      const training = judgeTraining(params, ctx);
      const report = await trainAttributeJudge({ ...training, out: params.judge ?? DEFAULT_JUDGE_DIR });
      const results: JudgeResults = {
        kind: 'judge', version: 1, provenance: clock.finish([{ role: 'judge', path: report.dir, sha256: report.sha256 }]),
        settings: {
          steps: training.steps, batch: training.batch, learningRate: training.learningRate, trainVideos: training.trainVideos,
          trainSeconds: training.trainSeconds, frameStep: training.frameStep, validationFraction: training.validationFraction, data: params.data,
        },
        report,
      };
      return renderJudge(results);
    }
    case 'retrieval': {
      const arms = params.arms ? RETRIEVAL_ARMS.filter((a) => params.arms?.includes(a.id)) : RETRIEVAL_ARMS;
      return renderRetrieval(await runRetrievalEval({
        setup: armSetup(params, out, ctx), budget: params.budget, arms, clips: params.clips, targets: params.targets, fewSteps: params.fewSteps, seeds: params.seeds, clock,
      }));
    }
    case 'consistency': {
      const setup = armSetup(params, out, ctx);
      const arms = params.arms ? CONSISTENCY_ARMS.filter((a) => params.arms?.includes(a.id)) : CONSISTENCY_ARMS;
      return renderConsistency(await runConsistencyEval({
        setup, pretrainSteps: params.budget, finetuneSteps: params.finetune, arms, videos: params.videos, maxScoreSeconds: params.scoreSeconds, samplingSteps: params.samplingSteps, guidance: params.guidance, seeds: params.seeds,
        judgeDir: params.judge ?? DEFAULT_JUDGE_DIR, judgeTraining: judgeTraining(params, ctx), clock,
        onChunk: (arm, videoId, index, chunks) => ctx.progress(index + 1, chunks, `${arm.label}: ${videoId}`),
      }));
    }
    case 'model':
      return renderModelEval(await modelResults(params, out, ctx, clock));
  }
}

function modelResults(params: ModelParams, out: string, ctx: EvalContext, clock: ProvenanceClock): Promise<ModelEvalResults> {
  return runModelEval({
    params, out, judgeDir: params.judge ?? DEFAULT_JUDGE_DIR, judgeTraining: judgeTraining(params, ctx), clock,
    ...(ctx.signal && { signal: ctx.signal }), log: ctx.log, progress: ctx.progress,
  });
}

/** Starts the engine and the provenance record; returns the output folder and the clock. */
async function begin(params: EvalParams, ctx: EvalContext): Promise<{ out: string; clock: ProvenanceClock }> {
  const engine = await initEngine();
  const out = resolve(params.out ?? defaultOutDir(ctx.projectPath));
  ctx.log(`eval ${params.what} on ${engine.backend} (${engine.threads} thread${engine.threads === 1 ? '' : 's'}) -> ${out}`);
  return { out, clock: new ProvenanceClock(ctx.command, params.seed, machineRecord(engine), dataRecords(params.data)) };
}

/** Writes the results and stores them in the project's SQLite when there is a project. */
function finish(rendered: RenderedResults, params: EvalParams, out: string, ctx: EvalContext): EvalOutcome {
  const files = writeResults(rendered, out, params.docs === undefined ? null : resolve(params.docs));
  let storedId: number | null = null;
  if (ctx.projectPath !== null) {
    const project = openProject(ctx.projectPath, ctx.writer === undefined ? {} : { writer: ctx.writer });
    try {
      storedId = addEvalResult(project.db, { jobId: ctx.jobId, kind: rendered.kind, command: ctx.command, results: rendered.json as JsonValue }).id;
    } finally {
      closeProject(project);
    }
  }
  return { kind: rendered.kind, files, summary: rendered.markdown(`${rendered.kind}.png`), storedId };
}

/** Runs an evaluation and writes and stores its results. */
export async function runEvaluation(params: EvalParams, ctx: EvalContext): Promise<EvalOutcome> {
  const { out, clock } = await begin(params, ctx);
  return finish(await render(params, out, ctx, clock), params, out, ctx);
}

/**
 * `eval model` as runEvaluation runs it, also returning the results themselves: `train default`
 * writes the model card from them, so the card's figures are exactly those of this run.
 */
export async function runModelEvaluation(params: ModelParams, ctx: EvalContext): Promise<{ outcome: EvalOutcome; results: ModelEvalResults }> {
  const { out, clock } = await begin(params, ctx);
  const results = await modelResults(params, out, ctx, clock);
  return { outcome: finish(renderModelEval(results), params, out, ctx), results };
}
