/**
 * The crash-recovery prompt. When a project opens, the job host finds the jobs a crash or a
 * forced quit left running and queues them to resume from their last chunk or checkpoint. The
 * user is told once, and may cancel them instead. Jobs interrupted during this session (an
 * engine that died and was restarted) are resumed without asking: the user is watching them.
 */
import type { JobHost, JobHostEvent } from '../../jobs/index';

/** A job the previous run of the app left unfinished. */
export interface InterruptedJob {
  projectPath: string;
  jobId: number;
  kind: string;
}

/** The interrupted job of `event` if it was started before `sessionStartMs` (by an earlier run). */
export function interruptedEarlier(event: JobHostEvent, sessionStartMs: number): InterruptedJob | undefined {
  if (event.type !== 'interrupted') return undefined;
  const started = event.job.startedAt === null ? Number.NaN : Date.parse(event.job.startedAt);
  if (!(started < sessionStartMs)) return undefined;
  return { projectPath: event.projectPath, jobId: event.job.id, kind: event.job.kind };
}

/** The dialog: what happened, what will happen, and the choice. */
export interface RecoveryPrompt {
  message: string;
  detail: string;
  buttons: [resume: string, cancel: string];
}

/** Index of the "cancel them" button in RecoveryPrompt.buttons. */
export const CANCEL_BUTTON = 1;

/** Describes the interrupted jobs of one project for the prompt. */
export function recoveryPrompt(projectName: string, jobs: readonly InterruptedJob[]): RecoveryPrompt {
  const count = jobs.length === 1 ? 'a job was' : `${jobs.length} jobs were`;
  const list = jobs.map((job) => `${job.kind} (job ${job.jobId})`).join(', ');
  return {
    message: `Longshot stopped while ${count} running in "${projectName}".`,
    detail: `${list}. They resume from their last finished chunk or checkpoint; nothing finished is lost.`,
    buttons: [jobs.length === 1 ? 'Resume it' : 'Resume them', jobs.length === 1 ? 'Cancel it' : 'Cancel them'],
  };
}

/**
 * Calls `onBatch` once per project with the jobs an earlier run left unfinished, as the job host
 * finds them when the project is attached (all of one project arrive in the same turn, so they
 * are gathered into one prompt). Returns the unsubscribe.
 */
export function watchEarlierInterruptions(
  host: Pick<JobHost, 'subscribe'>,
  sessionStartMs: number,
  onBatch: (projectPath: string, jobs: InterruptedJob[]) => void,
): () => void {
  const pending = new Map<string, InterruptedJob[]>();
  const flush = () => {
    const batches = [...pending];
    pending.clear();
    for (const [projectPath, jobs] of batches) onBatch(projectPath, jobs);
  };
  return host.subscribe((event) => {
    const job = interruptedEarlier(event, sessionStartMs);
    if (!job) return;
    if (pending.size === 0) setImmediate(flush);
    pending.set(job.projectPath, [...(pending.get(job.projectPath) ?? []), job]);
  });
}
