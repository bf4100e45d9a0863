/**
 * The guarded runner every ffmpeg call goes through. A child gets a hard deadline, an optional
 * idle deadline (no output for too long), and an AbortSignal; any of them SIGKILLs it. On POSIX
 * the child leads its own process group and the whole group is killed, so a wrapper script that
 * forks the real ffmpeg leaves nothing behind. Children still alive when Node exits are killed
 * by one exit hook. stderr is kept bounded (its head, where ffmpeg describes the input, and its
 * tail, where it says what went wrong).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { MediaError } from './errors';

/** How to run one child. */
export interface GuardedOptions {
  /** Used in error messages, e.g. "probe clip.mp4". */
  what: string;
  /** Hard limit on the child's whole life. */
  timeoutMs: number;
  /** Kill when neither stdout nor stderr produced anything for this long. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** 'pipe' to stream input (encoding); otherwise stdin is closed. */
  stdin?: 'pipe' | 'ignore';
  /** Streaming consumer of stdout; when absent stdout is collected up to maxStdoutBytes. */
  onStdout?: (chunk: Buffer) => void;
  maxStdoutBytes?: number;
  maxStderrBytes?: number;
}

/** What a finished child left behind. A non-zero exit is not an error here: callers judge it. */
export interface ProcessResult {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** A running child. `done` rejects with the kill reason, or a MediaError for timeout/cancel. */
export interface GuardedProcess {
  readonly pid: number | undefined;
  readonly stdin: Writable | null;
  readonly done: Promise<ProcessResult>;
  /** Kills the child (and its group); `done` then rejects with `reason`. */
  kill(reason: Error): void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group may already be gone (ESRCH); kill the child itself as a last resort.
    child.kill('SIGKILL');
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killTree(child);
  });
}

/** Keeps the first and last `limit / 2` bytes of a stream of text. */
class BoundedText {
  private head = '';
  private tail = '';
  private dropped = false;

  constructor(private readonly limit: number) {}

  push(text: string): void {
    const half = this.limit / 2;
    if (this.head.length < half) {
      const room = half - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text.length === 0) return;
    const joined = this.tail + text;
    if (joined.length > half) this.dropped = true;
    this.tail = joined.slice(-half);
  }

  toString(): string {
    return this.dropped ? `${this.head}\n[...]\n${this.tail}` : this.head + this.tail;
  }
}

/** Starts `bin args` under the guards of `options`. */
export function startGuarded(bin: string, args: string[], options: GuardedOptions): GuardedProcess {
  if (options.signal?.aborted) {
    const done = Promise.reject(new MediaError('cancelled', `${options.what}: cancelled`));
    done.catch(() => undefined);
    return { pid: undefined, stdin: null, done, kill: () => undefined };
  }
  installExitHook();
  const child = spawn(bin, args, {
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  live.add(child);
  let failure: Error | undefined;
  const stdoutChunks: Buffer[] = [];
  let stdoutBytes = 0;
  const maxStdout = options.maxStdoutBytes ?? 1 << 20;
  const stderr = new BoundedText(options.maxStderrBytes ?? 64 * 1024);

  const kill = (reason: Error): void => {
    failure ??= reason;
    killTree(child);
  };
  const deadline = setTimeout(
    () => kill(new MediaError('timeout', `${options.what}: ffmpeg took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped`)),
    options.timeoutMs,
  );
  let idle: NodeJS.Timeout | undefined;
  const touch = (): void => {
    if (options.idleTimeoutMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(
      () => kill(new MediaError('timeout', `${options.what}: ffmpeg made no progress for ${Math.round((options.idleTimeoutMs ?? 0) / 1000)} s and was stopped`)),
      options.idleTimeoutMs,
    );
  };
  touch();
  const onAbort = (): void => kill(new MediaError('cancelled', `${options.what}: cancelled`));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  child.stdout?.on('data', (chunk: Buffer) => {
    touch();
    if (failure) return;
    if (options.onStdout) {
      try {
        options.onStdout(chunk);
      } catch (error) {
        kill(error instanceof Error ? error : new Error(String(error)));
      }
    } else if (stdoutBytes < maxStdout) {
      stdoutChunks.push(chunk.subarray(0, maxStdout - stdoutBytes));
      stdoutBytes += chunk.length;
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    touch();
    stderr.push(text);
  });
  // EPIPE on stdin when the child dies is reported through `done`; the stream must not throw.
  child.stdin?.on('error', () => undefined);

  const done = new Promise<ProcessResult>((resolve, reject) => {
    let spawnError: Error | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    child.once('close', (exitCode, exitSignal) => {
      clearTimeout(deadline);
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', onAbort);
      live.delete(child);
      if (failure) return reject(failure);
      if (spawnError) {
        return reject(new MediaError('ffmpeg_missing', `${options.what}: cannot run ${bin} (${spawnError.message})`));
      }
      resolve({ exitCode, exitSignal, stdout: Buffer.concat(stdoutChunks), stderr: stderr.toString() });
    });
  });
  done.catch(() => undefined);
  return { pid: child.pid, stdin: child.stdin, done, kill };
}

/** Runs `bin args` to completion under the guards of `options`. */
export function runGuarded(bin: string, args: string[], options: GuardedOptions): Promise<ProcessResult> {
  return startGuarded(bin, args, options).done;
}

/** Number of children this process has started and not yet seen exit (for tests and diagnostics). */
export function liveChildCount(): number {
  return live.size;
}
