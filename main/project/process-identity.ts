/**
 * Telling a live process from a dead one whose pid was given to someone else. A pid alone is not
 * enough: pids are reused, so a lease or job row naming pid 1234 could point at an unrelated
 * process started since. On Linux a process is named by its pid plus its start time, read from
 * /proc/<pid>/stat field 22 (clock ticks since boot) and qualified by the boot id, which changes
 * at every boot (start ticks restart from 0). Other platforms have no cheap equivalent, so there
 * a live pid is taken as the same process.
 */
import { readFileSync } from 'node:fs';

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** /proc/<pid>/stat field 22; the name in field 2 may hold spaces and ')', so fields are counted after the last ')'. */
function startTicks(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const ticks = fields[19];
  return ticks !== undefined && /^\d+$/.test(ticks) ? ticks : null;
}

let bootId: string | null | undefined;

/**
 * An opaque name of the process `pid` that differs between two processes given the same pid
 * (`<boot id>:<start ticks>`), or null where the platform cannot tell (not Linux, no /proc, the
 * process is gone).
 */
export function processStartId(pid: number): string | null {
  bootId ??= readText('/proc/sys/kernel/random/boot_id')?.trim() || null;
  if (bootId === null) return null;
  const ticks = startTicks(pid);
  return ticks === null ? null : `${bootId}:${ticks}`;
}

/** Whether some process has pid `pid` (maybe another user's: EPERM means it exists). */
export function pidAlive(pid: number): boolean {
  // kill(0) and kill(-n) signal process groups: never a question about one process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that was `pid` with start id `startId` (from processStartId, null when it
 * was not known) still runs: a live pid whose start id differs is another process.
 */
export function sameProcessAlive(pid: number, startId: string | null): boolean {
  if (!pidAlive(pid)) return false;
  if (startId === null) return true;
  const now = processStartId(pid);
  return now === null || now === startId;
}
