/**
 * The job runner of kind 'eval' (judge, retrieval or consistency, by the params' `what`), so the
 * app can queue an evaluation like any other job: progress per training step or generated chunk,
 * cancel at every step, results stored in the project's SQLite. Trained models and generated
 * continuations stay in the output folder, so a job started again continues where it stopped.
 */
import { registerRunner, type RunnerContext } from '../jobs/runners';
import { evalParams, type EvalParams } from './params';
import { runEvaluation } from './run';

async function evalRunner(ctx: RunnerContext<EvalParams>): Promise<unknown> {
  const outcome = await runEvaluation(ctx.params, {
    command: `eval job ${ctx.jobId}: ${JSON.stringify(ctx.params)}`, projectPath: ctx.projectPath, jobId: ctx.jobId, signal: ctx.signal,
    log: (line) => ctx.log('info', line),
    progress: (step, total, message) => ctx.progress(step, total, message),
  });
  for (const file of [outcome.files.json, outcome.files.png, outcome.files.document]) if (file !== null) ctx.artifact('eval', file);
  return { kind: outcome.kind, resultId: outcome.storedId, files: outcome.files };
}

registerRunner('eval', evalRunner, evalParams);
