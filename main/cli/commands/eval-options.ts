/**
 * What the `longshot eval` commands share: the common options, turning the command line into
 * the evaluation's params (the same schema the 'eval' job uses), a throttled progress line, and
 * failures as one-line errors.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CancelledError } from '../../engine/flow/errors';
import { EvalError } from '../../eval/errors';
import { evalParams, retrievalParams, type EvalParams } from '../../eval/params';
import { defaultOutDir, runEvaluation } from '../../eval/run';
import { closeProject, resolveProjectRef } from '../../project/index';
import { CliError, type CommandArgs, type CommandIo, type OptionSpec } from '../command';
import { inUseRefusal, openForWriting } from './open-writer';
import { trainFailure } from './train-progress';

/** Options every `eval` command takes. */
export const COMMON_EVAL_OPTIONS: Record<string, OptionSpec> = {
  data: { type: 'string', multiple: true, value: 'DIR', description: 'Storyworld dataset folder (required; repeatable)' },
  out: { type: 'string', value: 'DIR', description: `Folder for models, generated projects and results; default ${defaultOutDir(null)}` },
  docs: { type: 'string', value: 'DIR', description: 'Also write DIR/results.md (this section) and DIR/results/' },
  seed: { type: 'string', value: 'S', description: 'Seed of every model and draw; default 1' },
  validation: { type: 'string', value: 'F', description: 'Fraction of videos held out (as in training); default 0.1' },
  project: { type: 'string', value: 'P', description: 'Also store the results in this project\'s database' },
};

/** Options of the evaluations that train video models. */
export const MODEL_EVAL_OPTIONS: Record<string, OptionSpec> = {
  budget: { type: 'string', value: 'STEPS', description: 'Stage-1 (pretraining) steps of every model; default 300' },
  batch: { type: 'string', value: 'B', description: 'Clips per training step; default 2' },
  scale: { type: 'string', value: 'NAME', description: 'Model size: small (default), long (small with a 24 s history, as long as the revisit gaps), tiny (the shipped preset) or micro (tests)' },
  seeds: { type: 'string', value: 'N', description: `Training seeds of every model, from --seed on; figures are their means; default ${retrievalParams.shape.seeds.def.defaultValue}` },
};

/** Options of the evaluations that continue held-out storyboards and judge the revisits; `videos` is the default count. */
export function continuationEvalOptions(videos: number, who: string): Record<string, OptionSpec> {
  return {
    videos: { type: 'string', value: 'N', description: `Held-out storyboards continued${who}; default ${videos}` },
    'score-seconds': { type: 'string', value: 'S', description: 'Seconds of each revisit judged; default 4' },
    'sampling-steps': { type: 'string', value: 'N', description: 'Sampler steps per chunk; default 4' },
    guidance: { type: 'string', value: 'G', description: 'Caption guidance; default 2' },
    judge: { type: 'string', value: 'DIR', description: 'Judge folder (trained there first if empty); default assets/models/judge' },
  };
}

/** Option names as they appear on the command line -> param names. */
const RENAMED: Record<string, string> = { validation: 'validationFraction', 'few-steps': 'fewSteps', 'score-seconds': 'scoreSeconds', 'sampling-steps': 'samplingSteps', 'train-videos': 'trainVideos', 'train-seconds': 'trainSeconds', 'frame-step': 'frameStep', lr: 'learningRate' };
/** Options that are lists of names, comma separated. */
const LISTS = new Set(['arms']);
/** Options that are numbers (a value that is not one fails the schema, naming the option). */
const NUMBERS = new Set([
  'seed', 'seeds', 'validation', 'budget', 'batch', 'clips', 'targets', 'few-steps', 'finetune', 'videos', 'score-seconds', 'sampling-steps', 'guidance',
  'steps', 'lr', 'train-videos', 'train-seconds', 'frame-step',
]);
/** Options that are not params. */
const NOT_PARAMS = new Set(['project', 'json']);

/** The params of `longshot eval WHAT` from its options; a CliError names the first bad one. */
export function evalParamsOf(what: EvalParams['what'], args: CommandArgs): EvalParams {
  const raw: Record<string, unknown> = { what };
  for (const [name, value] of Object.entries(args.values)) {
    if (value === undefined || NOT_PARAMS.has(name)) continue;
    const key = RENAMED[name] ?? name;
    if (name === 'data') raw[key] = Array.isArray(value) ? value.map(String) : [String(value)];
    else if (LISTS.has(name)) raw[key] = String(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (NUMBERS.has(name)) raw[key] = String(value).trim() === '' ? Number.NaN : Number(value);
    else raw[key] = value;
  }
  const parsed = evalParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = String(issue?.path[0] ?? 'options');
    const option = Object.entries(RENAMED).find(([, key]) => key === param)?.[0] ?? param;
    throw new CliError(`--${option}: ${issue?.message ?? 'invalid'}`, 2);
  }
  return parsed.data;
}

/** The command line as recorded with results. */
function commandLine(what: string, args: CommandArgs): string {
  const parts = ['longshot', 'eval', what];
  for (const [name, value] of Object.entries(args.values)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === false) continue;
      parts.push(v === true ? `--${name}` : `--${name} ${String(v)}`);
    }
  }
  return parts.join(' ');
}

/** Prints a progress line at most every tenth of a piece of work, and at its end. */
export function progressPrinter(io: CommandIo): (step: number, total: number, message: string) => void {
  return (step, total, message) => {
    const every = Math.max(1, Math.ceil(total / 10));
    if (step % every === 0 || step === total) io.out(`  ${message} [${step}/${total}]`);
  };
}

/** Runs `longshot eval WHAT` and prints where its results went. */
export async function runEvalCommand(what: EvalParams['what'], args: CommandArgs, io: CommandIo): Promise<number> {
  const params = evalParamsOf(what, args);
  const ref = args.values.project;
  const writer = `longshot eval ${what}`;
  // The results go into the project (its eval/ folder by default, then its database): its write
  // lease is held for the whole run, so a project another process writes is refused at once.
  const project = typeof ref === 'string' ? openForWriting(resolveProjectRef(ref), writer, io.out) : null;
  try {
    const outcome = await runEvaluation(params, {
      command: commandLine(what, args), projectPath: project?.path ?? null, ...(project && { writer }), jobId: null,
      signal: io.signal, log: io.out, progress: progressPrinter(io),
    });
    io.out('');
    io.out(outcome.summary);
    io.out('');
    io.out(`results: ${[outcome.files.json, outcome.files.markdown, outcome.files.png, outcome.files.document].filter((f) => f !== null).join(', ')}`);
    if (outcome.storedId !== null) io.out(`stored in the project as evaluation ${outcome.storedId}`);
    const json = args.values.json;
    if (typeof json === 'string') {
      mkdirSync(dirname(resolve(json)), { recursive: true });
      copyFileSync(outcome.files.json, json);
      io.out(`results JSON also written to ${json}`);
    }
    return 0;
  } catch (error) {
    return evalFailure(error);
  } finally {
    if (project) closeProject(project);
  }
}

/** An evaluation's failure as a one-line CLI error. */
export function evalFailure(error: unknown): never {
  const refused = inUseRefusal(error);
  if (refused !== error) throw refused;
  if (error instanceof EvalError) throw new CliError(`${error.message} [${error.code}]`, error.code === 'invalid_option' ? 2 : 1);
  if (error instanceof CancelledError) throw new CliError('stopped; finished training runs and generated chunks are kept: run the same command to continue', 130);
  return trainFailure(error);
}
