/**
 * Opening project.db safely. Before SQLite touches a file, its 100-byte header is read with
 * plain file I/O: a file that is not ours (empty, random bytes, a PNG, another application's
 * SQLite database) is refused without opening it, so no -wal/-shm file ever appears next to it
 * and it stays byte-identical. Only then is it opened read-write with our pragmas.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ProjectError, guard } from './errors';
import type { Db } from './rows';

/** Our SQLite `application_id`: ASCII 'LSHT'. `file project.db` names it, and it tells our files apart. */
export const APPLICATION_ID = 0x4c534854;

/**
 * How long a write waits for another connection's lock before failing with 'busy'. It only
 * applies where the lock is taken: so every transaction that writes begins IMMEDIATE
 * (`db.transaction(fn).immediate()`). A deferred one reads first on a snapshot and, when another
 * process (the engine, the app) wrote in between, fails its first write at once with "database
 * is locked" instead of waiting (test/project/transactions.test.ts keeps the rule).
 */
export const BUSY_TIMEOUT_MS = 5000;

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

/** What the header of a file we accept says. */
export interface HeaderInfo {
  userVersion: number;
}

function readHeader(file: string): { header: Buffer; size: number } {
  return guard(`reading ${file}`, () => {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const header = Buffer.alloc(Math.min(size, HEADER_BYTES));
      readSync(fd, header, 0, header.length, 0);
      return { header, size };
    } finally {
      closeSync(fd);
    }
  });
}

function pageSizeOf(header: Buffer): number {
  const raw = header.readUInt16BE(16);
  return raw === 1 ? 65536 : raw;
}

/** A non-empty write-ahead log means SQLite has commits to replay or a checkpoint to finish. */
function hasWal(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * Without a WAL, the file must hold every page its header counts. With one, a kill in the
 * middle of a checkpoint can leave a header that is ahead of the file; SQLite finishes that
 * checkpoint from the WAL on open, so the size is not judged then (quick_check still runs).
 */
function checkSize(file: string, header: Buffer, size: number): void {
  const pageSize = pageSizeOf(header);
  const pageCountValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  const expected = pageSize * header.readUInt32BE(28);
  if (size % pageSize !== 0 || (pageCountValid && size < expected)) {
    throw new ProjectError('corrupt', `${file} is truncated (${size} bytes, expected ${expected})`);
  }
}

/**
 * Checks a database file's header (https://www.sqlite.org/fileformat.html#the_database_header)
 * without opening it through SQLite, and refuses anything that is not an intact Longshot database.
 */
export function inspectHeader(file: string, newestVersion: number): HeaderInfo {
  const { header, size } = readHeader(file);
  if (size === 0) throw new ProjectError('corrupt', `${file} is empty (0 bytes)`);
  if (size < HEADER_BYTES) {
    const prefix = Math.min(size, MAGIC.length);
    const looksTruncated = MAGIC.subarray(0, prefix).equals(header.subarray(0, prefix));
    throw looksTruncated
      ? new ProjectError('corrupt', `${file} is truncated (${size} bytes)`)
      : new ProjectError('not_a_project', `${file} is not a Longshot project database`);
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ProjectError('not_a_project', `${file} is not a Longshot project database (not SQLite)`);
  }
  const applicationId = header.readUInt32BE(68);
  if (applicationId !== APPLICATION_ID) {
    throw new ProjectError(
      'not_a_project',
      `${file} is another application's SQLite database (application_id 0x${applicationId.toString(16)}), not a Longshot project`,
    );
  }
  if (!hasWal(file)) checkSize(file, header, size);
  const userVersion = header.readInt32BE(60);
  if (userVersion > newestVersion) throw newerVersionError(file, userVersion, newestVersion);
  return { userVersion };
}

/** The error for a file written by a newer Longshot. */
export function newerVersionError(file: string, found: number, newest: number): ProjectError {
  return new ProjectError(
    'newer_version',
    `${file} was saved by a newer Longshot (schema version ${found}; this version reads up to ${newest}). Update Longshot to open it.`,
  );
}

function readPragma(db: Db, name: string): unknown {
  return db.pragma(name, { simple: true });
}

/**
 * Sets the connection pragmas and checks they took effect.
 * - WAL: readers never block the writer (the UI reads while a job writes chunks).
 * - synchronous=FULL: a commit is on disk before it is acknowledged, so an acknowledged edit
 *   survives power loss too, not only a process crash (NORMAL would be crash-safe but could
 *   lose the last commits on power loss). Our writes are small and few per second.
 * - foreign_keys: referential integrity is per connection in SQLite, off by default.
 * - trusted_schema=OFF: a schema from a tampered file cannot call functions with side effects.
 */
export function applyPragmas(db: Db): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new ProjectError('io', `could not enable WAL journaling (got '${String(mode)}')`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('trusted_schema = OFF');
  if (readPragma(db, 'foreign_keys') !== 1) throw new ProjectError('io', 'could not enable foreign keys');
}

/** Opens a database file read-write with our pragmas; `create` allows a new file. */
export function openConnection(file: string, create: boolean): Db {
  return guard(`opening ${file}`, () => {
    const db = new Database(file, { fileMustExist: !create, timeout: BUSY_TIMEOUT_MS });
    try {
      applyPragmas(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  });
}

/** Confirms an opened file is ours and structurally sound (a fast B-tree check, no index scan). */
export function verifyConnection(db: Db, file: string): void {
  const applicationId = readPragma(db, 'application_id');
  if (applicationId !== APPLICATION_ID) {
    throw new ProjectError('not_a_project', `${file} is not a Longshot project database`);
  }
  const check = readPragma(db, 'quick_check');
  if (check !== 'ok') {
    const detail = String(check).replace(/\*\*\* in database main \*\*\*/, '').trim().split('\n')[0];
    throw new ProjectError('corrupt', `${file} is damaged (${detail})`);
  }
}
