/**
 * Crash-safe file writes: a file is written under a temporary name, fsynced and renamed, and the
 * folder is fsynced after the renames, so after a crash a path holds either the old file or the
 * complete new one. The low-level write is injectable so tests can make the disk fill up midway.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { CheckpointError } from './errors';

/** fs.writeSync's positional form: writes `length` bytes of `buffer` from `offset` at `position`. */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number) => number;

/** File-system hooks for checkpoint writes; production code passes nothing. */
export interface CheckpointIo {
  write?: WriteFn;
}

/** Large writes go in pieces so a failing disk is noticed (and simulated) partway through a file. */
const CHUNK_BYTES = 4 << 20;

/** A temporary sibling name that no other writer will pick. */
export function tempName(path: string, kind: string): string {
  return `${path}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Maps a Node file-system error to a CheckpointError naming the file and the action. */
export function toCheckpointError(error: unknown, file: string, action: string): CheckpointError {
  if (error instanceof CheckpointError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new CheckpointError('disk_full', `disk full while ${action} ${file} (${reason})`, file);
  }
  if (code === 'ENOENT') return new CheckpointError('not_found', `${file} not found while ${action} it`, file);
  return new CheckpointError('io', `failed ${action} ${file}: ${reason}`, file);
}

/** Writes `data` to `path` atomically (temp file, fsync, rename). The caller fsyncs the folder. */
export function writeFileAtomic(path: string, data: Uint8Array, io: CheckpointIo = {}): void {
  const write = io.write ?? writeSync;
  const temp = tempName(path, 'tmp');
  try {
    const fd = openSync(temp, 'w');
    try {
      let done = 0;
      while (done < data.byteLength) {
        done += write(fd, data, done, Math.min(CHUNK_BYTES, data.byteLength - done), done);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw toCheckpointError(error, path, 'writing');
  }
}

/** Makes renames inside `dir` durable. Windows cannot open folders for fsync, and does not need it. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
