/**
 * Crash safety (reliability.md): a writer process is killed with SIGKILL at random moments,
 * over and over, on the same project. After every kill the project reopens, passes
 * `PRAGMA integrity_check`, holds every commit the writer acknowledged, and shows no half
 * transaction.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject, listCaptions, listJobs, openProject } from '../../main/project/index';
import { useTempHome } from './helpers';

const TRIALS = 100;
const home = useTempHome();
let buildDir = '';
let writer = '';

beforeAll(async () => {
  // Bundled once to plain CommonJS: node starts it in tens of milliseconds, where going
  // through tsx would cost most of a second per trial.
  buildDir = mkdtempSync(join(tmpdir(), 'longshot-writer-'));
  writer = join(buildDir, 'writer.cjs');
  await build({
    entryPoints: [resolve(import.meta.dirname, 'fixtures/writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    outfile: writer,
    logLevel: 'error',
  });
});

afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

interface Trial {
  jobs: number[];
  batch: number;
}

/**
 * When to kill: `{ afterAcks: n }` right after the n-th acknowledged commit arrives (the writer
 * is then inside its next transaction, however loaded the machine is), `{ afterMs }` that long
 * after spawn (during start-up and open).
 */
type KillAt = { afterAcks: number } | { afterMs: number };

function runAndKill(folder: string, at: KillAt): Promise<Trial> {
  const trial: Trial = { jobs: [], batch: 0 };
  const child = spawn(process.execPath, [writer, folder], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: resolve(import.meta.dirname, '../../node_modules') },
  });
  let acks = 0;
  const ack = () => {
    acks++;
    if ('afterAcks' in at && acks === at.afterAcks) child.kill('SIGKILL');
  };
  if ('afterMs' in at) setTimeout(() => child.kill('SIGKILL'), at.afterMs);
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [word, value] = line.split(' ');
      if (word === 'job') trial.jobs.push(Number(value));
      else if (word === 'batch') trial.batch = Number(value);
      if (word === 'job' || word === 'batch') ack();
    }
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(trial);
      else fail(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('kill -9 while writing', () => {
  it(`keeps every acknowledged commit and an intact file over ${TRIALS} kills`, async () => {
    const created = createProject(home.dir(), 'crash');
    closeProject(created);
    const acknowledged = new Set<number>();
    let lastBatch = 0;
    let killedWhileWriting = 0;
    const started = performance.now();
    for (let i = 0; i < TRIALS; i++) {
      // Most kills land among the commits; every fifth lands during start-up and open.
      const at: KillAt = i % 5 === 0 ? { afterMs: Math.random() * 150 } : { afterAcks: 1 + Math.floor(Math.random() * 12) };
      const trial = await runAndKill(created.path, at);
      trial.jobs.forEach((id) => acknowledged.add(id));
      if (trial.jobs.length > 0) killedWhileWriting++;

      const project = openProject(created.path);
      try {
        expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const jobIds = new Set(listJobs(project.db).map((j) => j.id));
        for (const id of acknowledged) expect(jobIds.has(id), `acknowledged job ${id} is missing`).toBe(true);
        const captions = listCaptions(project.db);
        if (trial.batch > 0) {
          expect(captions).toHaveLength(3);
          const batches = new Set(captions.map((c) => Number(c.text.split(' ')[1])));
          expect(batches.size, 'a half-replaced storyboard is visible').toBe(1);
          // The batch acknowledged last, or the next one if it committed but was killed before printing.
          expect([trial.batch, trial.batch + 1]).toContain([...batches][0]);
          lastBatch = trial.batch;
        } else {
          expect([0, 3]).toContain(captions.length);
        }
      } finally {
        closeProject(project);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`${TRIALS} kills in ${seconds.toFixed(1)} s: ${acknowledged.size} acknowledged jobs, ${killedWhileWriting} kills mid-write, last batch ${lastBatch}`);
    expect(killedWhileWriting).toBeGreaterThanOrEqual((TRIALS * 4) / 5);
  }, 120_000);
});
