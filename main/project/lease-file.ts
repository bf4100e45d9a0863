/**
 * The lease file `writer.lease` in a project folder: who writes the project now (pid, process
 * start id, host, command, since when), read, written and judged. It is a plain JSON file beside
 * project.db rather than a row in it, so that a project stays readable by older Longshots (no
 * schema change), a backup (which copies only the database) never carries a lease along, and a
 * person can read it. It is always written under a temporary name and renamed, so nobody ever
 * reads half of one. Taking it is writer-lease.ts's job.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { pidAlive, processStartId, sameProcessAlive } from './process-identity';

/** The lease file's name inside a project folder. */
export const LEASE_FILE = 'writer.lease';

const holderSchema = z.strictObject({
  pid: z.int().positive(),
  startId: z.string().nullable(),
  hostname: z.string(),
  command: z.string(),
  acquiredAt: z.iso.datetime(),
  token: z.string(),
});

/** The process a lease names. */
export type LeaseHolder = z.infer<typeof holderSchema>;

/** What a lease file says: nothing (no file), something unreadable, or a holder. */
export type LeaseFound = { state: 'none' } | { state: 'unreadable'; detail: string } | { state: 'held'; holder: LeaseHolder };

/** How a found lease is judged: free to take, held by a live process, or stale (its holder is gone). */
export type LeaseVerdict = { state: 'free' } | { state: 'live'; holder: LeaseHolder } | { state: 'stale'; previous: LeaseHolder | null; why: string };

/** This process, as a lease names it. */
export function currentHolder(command: string): LeaseHolder {
  return {
    pid: process.pid,
    startId: processStartId(process.pid),
    hostname: hostname(),
    command,
    acquiredAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
}

/** Reads the lease file at `file`. */
export function readLease(file: string): LeaseFound {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
    throw error;
  }
  try {
    return { state: 'held', holder: holderSchema.parse(JSON.parse(text)) };
  } catch (error) {
    return { state: 'unreadable', detail: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) };
  }
}

/**
 * Judges a found lease. Another machine's holder cannot be checked from here, so it counts as
 * live: WAL databases are used from one machine at a time, and refusing (with the file to
 * delete in the message) is safer than two writers. No fsync: a lease lost to a power cut names
 * a process that is gone anyway.
 */
export function judgeLease(found: LeaseFound): LeaseVerdict {
  if (found.state === 'none') return { state: 'free' };
  if (found.state === 'unreadable') return { state: 'stale', previous: null, why: `its lease file could not be read (${found.detail})` };
  const { holder } = found;
  if (holder.hostname !== hostname()) return { state: 'live', holder };
  // This very process (its release failed, or it was never counted): nobody else's to refuse.
  if (holder.pid === process.pid && holder.startId === processStartId(process.pid)) return { state: 'free' };
  if (sameProcessAlive(holder.pid, holder.startId)) return { state: 'live', holder };
  const why = pidAlive(holder.pid) ? `pid ${holder.pid} now belongs to another process` : 'that process is no longer running';
  return { state: 'stale', previous: holder, why };
}

/** Writes `holder` to `file` atomically (temporary name, rename). */
export function writeLease(file: string, holder: LeaseHolder): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(holder, null, 2)}\n`, { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Deletes the lease file if it is still the one `holder` wrote (same token). */
export function removeLease(file: string, holder: LeaseHolder): void {
  const found = readLease(file);
  if (found.state === 'held' && found.holder.token === holder.token) rmSync(file, { force: true });
}

/** `2026-12-06 03:40:12`, local time: how people read "since when". */
export function formatSince(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `pid 1234 (longshot render, since 2026-12-06 03:40:12)`, with the host when it is another machine. */
export function describeHolder(holder: LeaseHolder): string {
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  return `pid ${holder.pid}${where} (${holder.command}, since ${formatSince(holder.acquiredAt)})`;
}
