/**
 * The write lease of a project: at most one process writes a project (runs its job queue, edits
 * it) at a time. Two writers of one project each run the same queue, and one of them ends up
 * following a job that only the other one runs, waiting forever (the CLI beside the app, a
 * render restarted while an orphaned one still runs). So the CLI, the local server and the app
 * take the lease when they open a project to write it; a second writer is refused at once with
 * who holds it (ProjectInUseError), rather than made to wait for a process that may never end.
 *
 * A lease whose holder is gone (killed, crashed, or its pid since given to another process: see
 * process-identity.ts) is stale and taken over, and the caller is told whose it was. Taking the
 * lease reads, judges and writes the lease file inside an IMMEDIATE transaction of project.db:
 * SQLite's write lock is the mutex, so two processes taking over the same stale lease at once
 * cannot both win, and the operating system drops that lock when a process dies, so the mutex
 * itself never goes stale. Readers (`project show`, the engine process's runners, which work
 * for the holder) take no lease.
 *
 * Within one process the lease is shared (counted): the holder is the process, and its own
 * connections are not rival writers. It is released when the last of them closes, and at exit.
 */
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { ProjectError, guard } from './errors';
import { currentHolder, describeHolder, judgeLease, LEASE_FILE, readLease, removeLease, writeLease, type LeaseHolder } from './lease-file';
import { PROJECT_EXTENSION } from './paths';
import type { Db } from './rows';

/** A stale lease that was replaced: whose it was (null when its file was unreadable) and why it was stale. */
export interface TakenOver {
  previous: LeaseHolder | null;
  why: string;
}

/** The typed refusal: another live process writes the project. */
export class ProjectInUseError extends ProjectError {
  constructor(
    readonly holder: LeaseHolder,
    readonly leaseFile: string,
    projectName: string,
    sameHost: boolean,
  ) {
    const remedy = sameHost ? 'wait for it or end it' : `if nothing on ${holder.hostname} uses it, delete ${leaseFile}`;
    super('in_use', `project "${projectName}" is being written by ${describeHolder(holder)}; ${remedy}`);
    this.name = 'ProjectInUseError';
  }
}

/** Leases this process holds, by lease file, with how many open projects share each. */
const held = new Map<string, { holder: LeaseHolder; count: number }>();
let exitHookInstalled = false;

/** At exit (not SIGKILL: then the lease is stale and the next writer takes it over), drop what is still held. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, { holder }] of held) {
      try {
        removeLease(file, holder);
      } catch {
        // Nothing can be reported at exit; the lease is judged stale next time.
      }
    }
    held.clear();
  });
}

/** The name people know a project folder by: `b` for `.../b.longshot`. */
function projectNameOf(folder: string): string {
  const name = basename(folder);
  return name.endsWith(PROJECT_EXTENSION) ? name.slice(0, -PROJECT_EXTENSION.length) : name;
}

/** A lease on one project held by this process; `release` once, when the project closes. */
export class WriterLease {
  private released = false;

  constructor(
    /** The lease file. */
    readonly file: string,
    readonly holder: LeaseHolder,
    /** The stale lease this acquisition replaced, if any. */
    readonly tookOver: TakenOver | null,
    /**
     * True when this process had no lease on the project before: no other writer exists now,
     * so jobs the store says are 'running' were left by a writer that is gone.
     */
    readonly fresh: boolean,
  ) {}

  /** The line that says a stale lease was taken over, or null. */
  get takeoverLine(): string | null {
    if (!this.tookOver) return null;
    const name = projectNameOf(join(this.file, '..'));
    const whose = this.tookOver.previous ? ` from ${describeHolder(this.tookOver.previous)}` : '';
    return `took over project "${name}"${whose}: ${this.tookOver.why}`;
  }

  /** Gives the lease back when the last project of this process sharing it releases it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const entry = held.get(this.file);
    if (!entry || entry.holder.token !== this.holder.token) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    held.delete(this.file);
    guard(`releasing ${this.file}`, () => removeLease(this.file, this.holder));
  }
}

/**
 * Takes the write lease of the project in `folder`, whose database `db` is open, for this
 * process, naming it `command` (e.g. 'longshot render'). Throws ProjectInUseError while another
 * live process holds it; takes over a stale one (see `tookOver`).
 */
export function acquireWriterLease(db: Db, folder: string, command: string): WriterLease {
  const real = guard(`opening ${folder}`, () => realpathSync(folder));
  const file = join(real, LEASE_FILE);
  const mine = held.get(file);
  if (mine) {
    mine.count += 1;
    return new WriterLease(file, mine.holder, null, false);
  }
  const holder = currentHolder(command);
  const tookOver = guard(`taking the write lease of ${real}`, () => {
    try {
      return db.transaction((): TakenOver | null => {
        const verdict = judgeLease(readLease(file));
        if (verdict.state === 'live') {
          throw new ProjectInUseError(verdict.holder, file, projectNameOf(real), verdict.holder.hostname === hostname());
        }
        writeLease(file, holder);
        return verdict.state === 'stale' ? { previous: verdict.previous, why: verdict.why } : null;
      }).immediate();
    } catch (error) {
      // A lease written before the transaction failed to commit is nobody's: take it back.
      removeLease(file, holder);
      throw error;
    }
  });
  held.set(file, { holder, count: 1 });
  installExitHook();
  return new WriterLease(file, holder, tookOver, true);
}
