/**
 * The app's log in the user's log folder (Help > Logs opens it): one line per event, appended
 * synchronously so that the lines before a crash are on disk, and rotated by size so that it
 * never grows without bound (main.log, then main.1.log for the previous part).
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload } from '../../../preload/api';

/** A log line's fields: the contract's log event. */
export type LogRecord = EventPayload<'log'>;

/** Size at which the log is rotated. */
export const MAX_LOG_BYTES = 5 * 1024 * 1024;
/** Longest message kept; a runaway one is cut. */
const MAX_MESSAGE_CHARS = 4000;

/** One line of the log: time, level, source, the job it concerns, and the message on one line. */
export function formatLogLine(record: LogRecord): string {
  const where = record.jobId === null ? record.source : `${record.source} job ${record.jobId}`;
  const message = record.message.replace(/\r?\n/g, ' | ').slice(0, MAX_MESSAGE_CHARS);
  return `${record.time} ${record.level.toUpperCase().padEnd(5)} [${where}] ${message}\n`;
}

/** An append-only, size-rotated log file. */
export class LogFile {
  readonly path: string;
  private readonly previous: string;
  private size: number;

  constructor(
    readonly dir: string,
    name = 'main',
    private readonly maxBytes = MAX_LOG_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `${name}.log`);
    this.previous = join(dir, `${name}.1.log`);
    this.size = sizeOf(this.path);
  }

  /** Appends one record; a failing disk is reported on stderr rather than thrown at the caller. */
  write(record: LogRecord): void {
    const line = formatLogLine(record);
    try {
      if (this.size + line.length > this.maxBytes && this.size > 0) {
        renameSync(this.path, this.previous);
        this.size = 0;
      }
      appendFileSync(this.path, line);
      this.size += Buffer.byteLength(line);
    } catch (error) {
      console.error(`longshot: could not write the log ${this.path}:`, error);
    }
  }

  /** Writes a line that does not come from the event bus (the shell's own messages). */
  note(level: LogRecord['level'], source: string, message: string): void {
    this.write({ level, source, message, time: new Date().toISOString(), projectId: null, jobId: null });
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
