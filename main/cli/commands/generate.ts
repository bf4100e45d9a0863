/**
 * `longshot generate PROJECT`: generates the project's storyboard as a job of a job host with an
 * engine child process, as the app does, drawing a progress bar. Every finished chunk is saved
 * at once. Ctrl-C cancels within one sampler step; `--continue` resumes the newest cancelled or
 * failed generation from its last chunk, and a generation stopped by a crash resumes by itself
 * at the next run. `--from-chunk N` makes a new take of a run from chunk N onward (another seed,
 * or captions reworded with `--caption ID=TEXT`), reusing every chunk before N.
 */
import { randomInt } from 'node:crypto';
import { GenerationError } from '../../jobs/generation/errors';
import { createGeneration, createRetake, type QueuedTake } from '../../jobs/generation/takes';
import { JobHost, nodeChildEngine } from '../../jobs/index';
import {
  closeProject, getSettings, listJobs, listRuns, resolveProjectRef, type CaptionOverride, type Job, type Project,
} from '../../project/index';
import { CliError, type Command, type CommandArgs, type CommandIo } from '../command';
import { numberOption, onePositional, optionalNumber } from './data-options';
import { ProgressBar } from './generate-progress';
import { openForWriting } from './open-writer';
import { followJob } from './render-session';
import { formatDuration } from './train-progress';

const SEED_RANGE = { min: 0, max: 0xffff_ffff, whole: true };
const ID_RANGE = { min: 1, max: Number.MAX_SAFE_INTEGER, whole: true };

function captionOverrides(args: CommandArgs): CaptionOverride[] {
  const raw = args.values.caption;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((item) => {
    const match = /^(\d+)=(.+)$/s.exec(String(item));
    if (!match) throw new CliError(`--caption must be ID=TEXT (a caption id from 'longshot project show'), got '${String(item)}'`, 2);
    return { captionId: Number(match[1]), text: match[2] as string };
  });
}

function footageOption(args: CommandArgs): number | null | undefined {
  return args.values.footage === 'none' ? null : optionalNumber(args, 'footage', ID_RANGE);
}

/** The job to follow: a resumed one, a retake, or a new generation. */
function pickJob(host: JobHost, project: Project, args: CommandArgs, recovered: Job[], say: (line: string) => void): Job {
  const resumed = recovered.find((job) => job.kind === 'generate');
  const queue = (queued: QueuedTake, what: string): Job => {
    say(`${what}: run ${queued.run.id}, take ${queued.take.id} (seed ${queued.take.seed})`);
    return host.enqueue(project.path, { kind: 'generate', params: queued.params });
  };
  if (args.values.continue === true) {
    if (resumed) return resumed;
    const last = listJobs(project.db, { kind: 'generate' }).filter((j) => j.status === 'cancelled' || j.status === 'failed').at(-1);
    if (!last) throw new CliError('there is no cancelled or failed generation to continue', 2);
    say(`continuing job ${last.id}`);
    return host.enqueue(project.path, { kind: 'generate', params: last.params });
  }
  if (args.values['from-chunk'] !== undefined) {
    const runId = optionalNumber(args, 'run', ID_RANGE) ?? listRuns(project.db).at(-1)?.id;
    if (runId === undefined) throw new CliError('there is no run to make a take of: generate one first', 2);
    return queue(createRetake(project.db, {
      runId,
      fromChunk: numberOption(args, 'from-chunk', undefined, { min: 0, max: 100_000, whole: true }),
      seed: numberOption(args, 'seed', randomInt(0, 2 ** 32), SEED_RANGE),
      captionOverrides: captionOverrides(args),
    }), 'new take');
  }
  if (resumed) {
    say(`resuming job ${resumed.id}, stopped by a crash`);
    return resumed;
  }
  const seed = numberOption(args, 'seed', getSettings(project.db).seed, SEED_RANGE);
  return queue(createGeneration(project.db, { seed, footageId: footageOption(args) }), 'generating');
}

/** Follows a job to its end with a progress bar; Ctrl-C cancels it. */
async function follow(host: JobHost, project: Project, job: Job, io: CommandIo, bar: ProgressBar): Promise<Job> {
  let chunks = 0;
  try {
    return await followJob(host, project.path, job.id, io.signal, (event) => {
      if (event.type === 'progress' && event.jobId === job.id) bar.update({ ...event, message: event.message });
      else if (event.type === 'artifact' && event.jobId === job.id && event.kind === 'chunk') bar.line(`  chunk ${++chunks} saved: ${event.path}`);
      else if (event.type === 'log' && event.jobId === job.id && (event.level === 'warn' || event.level === 'error')) bar.line(`${event.level}: ${event.text}`);
      else if (event.type === 'started' && event.job.id !== job.id) bar.line(`job ${event.job.id} (${event.job.kind}) runs first`);
    });
  } finally {
    bar.clear();
  }
}

async function generate(args: CommandArgs, io: CommandIo): Promise<number> {
  const ref = onePositional(args, 'generate', 'PROJECT');
  const project = openForWriting(resolveProjectRef(ref), 'longshot generate', io.out);
  const host = new JobHost({ engine: nodeChildEngine() });
  const bar = new ProgressBar(io);
  const started = Date.now();
  try {
    const job = pickJob(host, project, args, host.attach(project), (line) => bar.line(line));
    const ended = await follow(host, project, job, io, bar);
    switch (ended.status) {
      case 'done':
        io.out(`done in ${formatDuration((Date.now() - started) / 1000)}: job ${ended.id}, take ${String((ended.params as { takeId?: number }).takeId)}`);
        return 0;
      case 'cancelled':
        throw new CliError(`cancelled; the chunks made so far are saved: 'longshot generate ${ref} --continue' resumes`, 130);
      case 'failed':
        throw new CliError(`generation failed: ${ended.error ?? 'unknown error'}`);
      default:
        throw new CliError(`generation stopped as '${ended.status}'`);
    }
  } catch (error) {
    if (error instanceof GenerationError) throw new CliError(`${error.message} [${error.code}]`, 2);
    throw error;
  } finally {
    await host.close();
    closeProject(project);
  }
}

/** `longshot generate`. */
export const generateCommand: Command = {
  path: ['generate'],
  summary: 'Generate a project\'s storyboard (resumable), or a new take from a chunk on',
  positionals: 'PROJECT',
  options: {
    seed: { type: 'string', value: 'S', description: 'Seed (default: the project\'s; a new random one for a take)' },
    footage: { type: 'string', value: 'ID|none', description: 'Opening memory: imported footage id, or none (default: the newest footage)' },
    continue: { type: 'boolean', description: 'Resume the newest cancelled or failed generation' },
    'from-chunk': { type: 'string', value: 'N', description: 'Make a new take from chunk N onward, reusing chunks 0..N-1' },
    run: { type: 'string', value: 'R', description: 'The run to make a take of (default: the newest)' },
    caption: { type: 'string', multiple: true, value: 'ID=TEXT', description: 'Reword a caption in the new take (repeatable)' },
  },
  run: generate,
};
