// `longshot train --project` and `longshot eval ... --project` take the project's write lease like
// the other writer commands: a project another process writes is refused at once (exit code 75,
// one line naming the holder's pid), before any training; and while they run, they hold it, so
// a render (or any other writer process) of the same project is refused naming them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { writeStoryworldDataset } from '../../main/data/index';
import { closeProject, createProject, LEASE_FILE, listEvalResults, listTrainingRuns, openProject, readLease } from '../../main/project/index';
import { runCli } from '../cli-helpers';
import { tempDir } from '../media/helpers';
import { holdLease, killHolder } from './lease-helpers';

const BIN = fileURLToPath(new URL('../../main/cli/bin.mjs', import.meta.url));
const HOLDER = fileURLToPath(new URL('./fixtures/lease-holder.ts', import.meta.url));

const temp = tempDir('lease-train-eval');
const at = (name: string): string => join(temp.dir, name);
const holders: Awaited<ReturnType<typeof holdLease>>[] = [];
let data: string;

beforeAll(async () => {
  process.env.LONGSHOT_HOME = at('home');
  data = at('data');
  await writeStoryworldDataset({ dir: data, videos: 4, seconds: 10, width: 32, height: 32, fps: 4, seed: 5 });
}, 60_000);
afterEach(async () => {
  for (const child of holders.splice(0)) await killHolder(child);
});
afterAll(() => temp.remove());

function folderOf(name: string): string {
  const project = createProject(temp.dir, name);
  closeProject(project);
  return project.path;
}

/** A new project `name` whose write lease another live process holds. */
async function heldProject(name: string): Promise<{ folder: string; holder: Awaited<ReturnType<typeof holdLease>> }> {
  const folder = folderOf(name);
  const holder = await holdLease(folder);
  holders.push(holder);
  return { folder, holder };
}

/** The refusal line of a project written by `pid` as `command`. */
const refusal = (name: string, pid: number, command: string): RegExp =>
  new RegExp(`^longshot: project "${name}" is being written by pid ${pid} \\(${command}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\); wait for it or end it$`);

describe('train and eval into a project another process writes', () => {
  it('refuses `train --project` at once with exit code 75, naming the holder, and trains nothing', async () => {
    const { folder, holder } = await heldProject('Held for training');
    const started = performance.now();
    const run = await runCli(['train', 'pretrain', '--project', folder, '--data', data, '--steps', '3', '--batch', '1', '--eval-every', '0']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(run.code).toBe(75);
    expect(run.err).toEqual([expect.stringMatching(refusal('Held for training', holder.pid, 'lease holder test'))]);
    expect(run.out).toEqual([]);
    expect(readLease(join(folder, LEASE_FILE))).toMatchObject({ state: 'held', holder: { pid: holder.pid } });
    const project = openProject(folder);
    try {
      expect(listTrainingRuns(project.db)).toEqual([]);
    } finally {
      closeProject(project);
    }
    expect(existsSync(join(folder, 'training'))).toBe(false);
  });

  it('refuses `eval --project` at once with exit code 75, naming the holder, and stores nothing', async () => {
    const { folder, holder } = await heldProject('Held for eval');
    const started = performance.now();
    const run = await runCli(['eval', 'retrieval', '--data', data, '--scale', 'micro', '--budget', '1', '--seeds', '1', '--project', folder]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(run.code).toBe(75);
    expect(run.err).toEqual([expect.stringMatching(refusal('Held for eval', holder.pid, 'lease holder test'))]);
    expect(run.out).toEqual([]);
    expect(existsSync(join(folder, 'eval'))).toBe(false);
    const project = openProject(folder);
    try {
      expect(listEvalResults(project.db)).toEqual([]);
    } finally {
      closeProject(project);
    }
  });
});

describe('train and eval hold the project while they run', () => {
  it('refuses a render of the project a `longshot train --project` process trains into, naming its pid', async () => {
    const folder = folderOf('Training');
    const child = spawn(process.execPath, [
      BIN, 'train', 'pretrain', '--project', folder, '--data', data, '--steps', '100000', '--batch', '1', '--eval-every', '0', '--checkpoint-every', '100000',
    ], { env: { ...process.env, LONGSHOT_HOME: at('home') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('starting at step 0')) resolve();
        });
        child.once('close', (code) => reject(new Error(`longshot train exited (${code}) before training: ${err}`)));
      });
      const render = await runCli(['render', folder, '--out', at('training.mp4')]);
      expect(render.code).toBe(75);
      expect(render.err).toEqual([expect.stringMatching(refusal('Training', child.pid ?? 0, 'longshot train'))]);
      expect(existsSync(at('training.mp4'))).toBe(false);
    } finally {
      // Ctrl-C: it saves a checkpoint, records the run as cancelled and gives the project back.
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    expect(existsSync(join(folder, LEASE_FILE))).toBe(false);
    const project = openProject(folder);
    try {
      expect(listTrainingRuns(project.db).map((r) => r.status)).toEqual(['cancelled']);
    } finally {
      closeProject(project);
    }
  }, 120_000);

  it('holds the lease of the project `eval --project` stores into for its whole run, refusing another writer process', async () => {
    const folder = folderOf('Evaluating');
    let rival: ReturnType<typeof spawnSync> | null = null;
    let lease: ReturnType<typeof readLease> | null = null;
    const controller = new AbortController();
    const code = await main(['eval', 'retrieval', '--data', data, '--scale', 'micro', '--budget', '1', '--seeds', '1', '--out', at('eval-out'), '--project', folder], {
      out: (line) => {
        if (rival !== null || !line.startsWith('eval retrieval on')) return;
        // Synchronously, as the run starts: another process trying to write the project.
        lease = readLease(join(folder, LEASE_FILE));
        rival = spawnSync(process.execPath, ['--import', 'tsx', HOLDER, folder], { encoding: 'utf8', timeout: 60_000 });
        controller.abort();
      },
      err: () => undefined,
      signal: controller.signal,
    });
    expect(lease).toMatchObject({ state: 'held', holder: { pid: process.pid, command: 'longshot eval retrieval' } });
    const refused = rival as ReturnType<typeof spawnSync> | null;
    expect(refused?.status).not.toBe(0);
    expect(String(refused?.stderr)).toMatch(new RegExp(`project "Evaluating" is being written by pid ${process.pid} \\(longshot eval retrieval, since [^)]+\\); wait for it or end it`));
    expect(code).toBe(130);
    expect(existsSync(join(folder, LEASE_FILE))).toBe(false);
  }, 120_000);
});
