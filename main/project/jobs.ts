/**
 * Job rows: the saved queue. Status moves only along the arrows of NEXT_STATUS; a job found
 * 'running' whose process is gone (the app crashed or was killed) becomes 'interrupted' when
 * the project is opened, and the job host resumes it from its last saved chunk or checkpoint.
 */
import { z } from 'zod';
import { ProjectError, guard } from './errors';
import { pidAlive } from './process-identity';
import { found, jsonValue, nowIso, parseInput, readJson, type Db, type JsonValue } from './rows';

/** Work that runs as a job (architecture.md, "Jobs"). */
export const JOB_KINDS = ['generate', 'train', 'eval', 'import', 'export', 'fidelity'] as const;
/** One of JOB_KINDS. */
export type JobKind = (typeof JOB_KINDS)[number];
/** A job's life: queued, running, then done, failed, cancelled, or interrupted by a crash. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
/** One of JOB_STATUSES. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One job row. */
export interface Job {
  id: number;
  kind: JobKind;
  params: JsonValue;
  status: JobStatus;
  progress: number;
  step: number;
  total: number;
  message: string | null;
  error: string | null;
  /** The process that runs (or ran) it, to tell a live job from a crashed one. */
  runnerPid: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A job to queue: its kind and the parameters the job host needs to run it. */
export interface JobInput {
  kind: JobKind;
  params: JsonValue;
}

/** A progress report; `progress` in 0..1. */
export interface JobProgress {
  progress: number;
  step?: number;
  total?: number;
  message?: string | null;
}

/** How a job ended. */
export type JobOutcome = { status: 'done' } | { status: 'cancelled' } | { status: 'failed'; error: string };

/** Narrows listJobs; an absent field matches everything. */
export interface JobFilter {
  status?: readonly JobStatus[];
  kind?: JobKind;
}

const NEXT_STATUS: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['running', 'cancelled'],
  running: ['done', 'failed', 'cancelled', 'interrupted'],
  interrupted: ['running', 'cancelled', 'failed'],
  done: [],
  failed: [],
  cancelled: [],
};

const progressSchema = z.strictObject({
  progress: z.number().min(0).max(1),
  step: z.int().min(0).optional(),
  total: z.int().min(0).optional(),
  message: z.string().nullable().optional(),
});

const outcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('done') }),
  z.strictObject({ status: z.literal('cancelled') }),
  z.strictObject({ status: z.literal('failed'), error: z.string().trim().min(1) }),
]);

const COLUMNS = `id, kind, params_json AS params, status, progress, step, total, message, error,
  runner_pid AS runnerPid, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt`;

function fromRow(row: Job & { params: string }): Job {
  return { ...row, params: readJson(row.params) };
}

function selectJob(db: Db, id: number): Job {
  const row = db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as (Job & { params: string }) | undefined;
  return fromRow(found(row, 'job', id));
}

/** Moves a job to `to` if the arrow exists, in one transaction with `set` (extra columns). */
function transition(db: Db, id: number, to: JobStatus, set: string, values: Record<string, unknown>): Job {
  return db.transaction(() => {
    const job = selectJob(db, id);
    if (!NEXT_STATUS[job.status].includes(to)) {
      throw new ProjectError('invalid', `job ${id} is ${job.status} and cannot become ${to}`);
    }
    db.prepare(`UPDATE jobs SET status = @to${set} WHERE id = @id`).run({ ...values, to, id });
    return selectJob(db, id);
  }).immediate();
}

/** Queues a job. */
export function createJob(db: Db, input: JobInput): Job {
  const job = parseInput(z.strictObject({ kind: z.enum(JOB_KINDS), params: jsonValue }), input, 'job');
  return guard('queueing a job', () => {
    const { lastInsertRowid } = db
      .prepare('INSERT INTO jobs (kind, params_json, created_at) VALUES (?, ?, ?)')
      .run(job.kind, JSON.stringify(job.params), nowIso());
    return selectJob(db, Number(lastInsertRowid));
  });
}

/** Marks a queued or interrupted job as running in process `runnerPid`. */
export function startJob(db: Db, id: number, runnerPid: number = process.pid): Job {
  return guard(`starting job ${id}`, () =>
    transition(db, id, 'running', ', runner_pid = @runnerPid, started_at = @now, finished_at = NULL', {
      runnerPid,
      now: nowIso(),
    }),
  );
}

/** Saves a running job's progress. */
export function updateJobProgress(db: Db, id: number, report: JobProgress): void {
  const p = parseInput(progressSchema, report, 'job progress');
  guard(`saving progress of job ${id}`, () => {
    const { changes } = db
      .prepare(
        `UPDATE jobs SET progress = @progress, step = coalesce(@step, step), total = coalesce(@total, total),
           message = CASE WHEN @hasMessage THEN @message ELSE message END
         WHERE id = @id AND status = 'running'`,
      )
      .run({ id, progress: p.progress, step: p.step ?? null, total: p.total ?? null, hasMessage: p.message === undefined ? 0 : 1, message: p.message ?? null });
    if (changes === 0) {
      const job = selectJob(db, id);
      throw new ProjectError('invalid', `job ${id} is ${job.status}, not running`);
    }
  });
}

/** Ends a job: done, cancelled (also from queued or interrupted) or failed with a reason. */
export function finishJob(db: Db, id: number, outcome: JobOutcome): Job {
  const o = parseInput(outcomeSchema, outcome, 'job outcome');
  const error = o.status === 'failed' ? o.error : null;
  const progress = o.status === 'done' ? ', progress = 1' : '';
  return guard(`finishing job ${id}`, () =>
    transition(db, id, o.status, `, error = @error, finished_at = @now${progress}`, { error, now: nowIso() }),
  );
}

/** One job by id. */
export function getJob(db: Db, id: number): Job {
  return guard('reading a job', () => selectJob(db, id));
}

/** Jobs, oldest first, optionally only some statuses or one kind. */
export function listJobs(db: Db, filter: JobFilter = {}): Job[] {
  return guard('reading jobs', () => {
    const statuses = filter.status ?? JOB_STATUSES;
    const kinds = filter.kind ? [filter.kind] : JOB_KINDS;
    const rows = db
      .prepare(
        `SELECT ${COLUMNS} FROM jobs
         WHERE status IN (SELECT value FROM json_each(?)) AND kind IN (SELECT value FROM json_each(?))
         ORDER BY id`,
      )
      .all(JSON.stringify(statuses), JSON.stringify(kinds)) as (Job & { params: string })[];
    return rows.map(fromRow);
  });
}

/** Jobs a crash stopped, for the job host to resume or the user to cancel. */
export function findInterruptedJobs(db: Db): Job[] {
  return listJobs(db, { status: ['interrupted'] });
}

/** Options of recoverJobs. */
export interface RecoverOptions {
  /**
   * Every 'running' job is stale, whatever its pid: the caller just took the project's write
   * lease (writer-lease.ts), so the writer whose engine ran them is gone, and a pid that still
   * answers is its orphaned engine finishing its last step, or another process given that pid.
   */
  everyRunning?: boolean;
}

/**
 * Marks 'running' jobs whose process no longer exists as 'interrupted' and returns them. Called
 * when a project is opened; a job another live process is running (the CLI beside the app) is
 * left alone, unless `everyRunning` says there is no such process.
 */
export function recoverJobs(db: Db, options: RecoverOptions = {}): Job[] {
  return guard('recovering interrupted jobs', () => {
    const stale = listJobs(db, { status: ['running'] }).filter(
      (j) => options.everyRunning === true || j.runnerPid === null || !pidAlive(j.runnerPid),
    );
    // The pid in the WHERE clause skips a job another process restarted since it was listed.
    const mark = db.prepare(
      `UPDATE jobs SET status = 'interrupted', message = 'stopped by a crash or quit'
       WHERE id = ? AND status = 'running' AND runner_pid IS ?`,
    );
    return stale.filter((j) => mark.run(j.id, j.runnerPid).changes > 0).map((j) => selectJob(db, j.id));
  });
}
