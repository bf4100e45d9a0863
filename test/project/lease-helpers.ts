/**
 * Shared set-up of the write lease tests: another process that holds a project's lease
 * (fixtures/lease-holder.ts), and a process that has exited, whose pid is free.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const HOLDER = fileURLToPath(new URL('./fixtures/lease-holder.ts', import.meta.url));

/** A live process holding the write lease of `folder`; resolves once it holds it. */
export async function holdLease(folder: string): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, folder], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('held ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the lease holder exited (${code}): ${err}`)));
  });
  return child as ChildProcess & { pid: number };
}

/** SIGKILLs a holder and waits until it is gone. */
export async function killHolder(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** The pid of a process that has already exited (free, until the system gives it out again). */
export function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '0']);
  if (pid === undefined) throw new Error('could not start a process');
  return pid;
}
