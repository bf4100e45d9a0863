/**
 * Two writers of one project, as real `longshot` processes (a random tiny model at one sampling
 * step, 64x64, so a render takes seconds): two renders started at once end with exactly one
 * video, the other refused within moments with a one-line error naming the winner's pid; and a
 * render whose whole process group is SIGKILLed midway leaves a stale lease and a job marked
 * running, which the same command run again takes over and resumes, giving an MP4 whose frames
 * (`ffmpeg -f framemd5`) are those of an uninterrupted render of the same seed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../main/media/index';
import {
  closeProject, createProject, LEASE_FILE, listChunks, listJobs, openProject, readLease, replaceStoryboard, type CaptionInput,
} from '../../main/project/index';
import { tempDir } from '../media/helpers';

const BIN = fileURLToPath(new URL('../../main/cli/bin.mjs', import.meta.url));
const CHUNKS = 16;
const STORYBOARD: CaptionInput[] = [
  { startSec: 0, endSec: 1.5, text: 'a red circle walks across a meadow', transition: 'cut' },
  { startSec: 1.5, endSec: 3, text: 'the meadow is empty', transition: 'continuous' },
  { startSec: 3, endSec: 4, text: 'the red circle comes back', transition: 'cut' },
];

const temp = tempDir('render-concurrent');
const at = (name: string): string => join(temp.dir, name);

/** A project of 16 two-frame chunks (4 s at 8 fps) with the same seed, settings and storyboard whatever its name. */
function makeProject(name: string): string {
  const project = createProject(temp.dir, name, { durationSec: 4, fps: 8, width: 64, height: 64, seed: 11, samplingSteps: 1, guidance: 1, modelId: 'random:tiny' });
  replaceStoryboard(project.db, STORYBOARD);
  closeProject(project);
  return project.path;
}

interface Ended {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string[];
  err: string[];
  /** Seconds from spawn to exit. */
  seconds: number;
  /** performance.now() at exit. */
  endedAt: number;
}

/**
 * Starts `longshot ...argv` as its own process (in its own process group when `detached`);
 * `onLine` sees each stdout line. `ended` resolves at exit.
 */
function startCli(argv: string[], options: { detached?: boolean; onLine?: (line: string) => void } = {}): { pid: number; ended: Promise<Ended> } {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { ...process.env, LONGSHOT_HOME: at('home') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const out: string[] = [];
  const err: string[] = [];
  const lines = (into: string[], each?: (line: string) => void) => {
    let pending = '';
    return (data: Buffer) => {
      const parts = (pending + data.toString()).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        into.push(line);
        each?.(line);
      }
    };
  };
  child.stdout.on('data', lines(out, options.onLine));
  child.stderr.on('data', lines(err));
  if (child.pid === undefined) throw new Error('the CLI did not start');
  const pid = child.pid;
  const ended = new Promise<Ended>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const endedAt = performance.now();
      resolve({ pid, code, signal, out, err, seconds: (endedAt - started) / 1000, endedAt });
    });
  });
  return { pid, ended };
}

/** `ffmpeg -f framemd5` of a video: one line per decoded frame (plus a header), as the repo's ffmpeg makes it. */
async function framemd5(file: string): Promise<string> {
  const { path } = await locateFfmpeg();
  return execFileSync(path, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-f', 'framemd5', '-'], { encoding: 'utf8' });
}

const frameLines = (md5: string): string[] => md5.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

beforeAll(() => {
  process.env.LONGSHOT_HOME = at('home');
});
afterAll(() => temp.remove());

describe('two writers of one project', () => {
  it('renders once and refuses the other render at once, naming the pid that holds the project', async () => {
    const project = makeProject('Twice');
    const runs = [startCli(['render', project, '--out', at('twice-a.mp4')]), startCli(['render', project, '--out', at('twice-b.mp4')])];
    const ended = await Promise.all(runs.map((run) => run.ended));

    const winner = ended.find((e) => e.code === 0);
    const loser = ended.find((e) => e.code !== 0);
    if (!winner || !loser) throw new Error(`expected one success and one refusal, got exit codes ${ended.map((e) => e.code).join(', ')}: ${ended.map((e) => e.err.join(' | ')).join(' || ')}`);
    expect(loser.code).toBe(75);
    expect(loser.err).toEqual([
      expect.stringMatching(new RegExp(`^longshot: project "Twice" is being written by pid ${winner.pid} \\(longshot render, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\); wait for it or end it$`)),
    ]);
    expect(loser.out).toEqual([]);
    // Refused while the winner was still rendering, not after waiting for it.
    expect(loser.endedAt).toBeLessThan(winner.endedAt);
    expect(loser.seconds).toBeLessThan(winner.seconds * 0.75);

    expect(winner.out.join('\n')).toContain(`video: ${at(winner === ended[0] ? 'twice-a.mp4' : 'twice-b.mp4')} (32 frames`);
    expect(existsSync(at(winner === ended[0] ? 'twice-b.mp4' : 'twice-a.mp4'))).toBe(false);
    expect(existsSync(join(project, LEASE_FILE))).toBe(false);
    const opened = openProject(project);
    try {
      expect(listJobs(opened.db).map((j) => [j.kind, j.status])).toEqual([['generate', 'done'], ['export', 'done']]);
    } finally {
      closeProject(opened);
    }
  }, 180_000);

  it('takes over the project of a render killed with its process group and resumes it to the same frames', async () => {
    const straight = makeProject('Straight');
    const killed = makeProject('Killed');
    const reference = await startCli(['render', straight, '--out', at('straight.mp4')]).ended;
    expect(reference.err).toEqual([]);
    expect(reference.code).toBe(0);

    // Killed once generation is well under way: every process of the CLI's group, at once.
    let sent = false;
    const first = startCli(['render', killed, '--out', at('killed.mp4')], {
      detached: true,
      onLine: (line) => {
        if (sent || !/\b[3-9]0%\s+generation:/.test(line)) return;
        sent = true;
        process.kill(-first.pid, 'SIGKILL');
      },
    });
    const dead = await first.ended;
    expect(dead.signal).toBe('SIGKILL');

    const left = openProject(killed);
    let saved: number;
    try {
      const [job] = listJobs(left.db, { kind: 'generate' });
      expect(job?.status).toBe('running');
      saved = listChunks(left.db, 1).length;
      expect(saved).toBeGreaterThanOrEqual(1);
      expect(saved).toBeLessThan(CHUNKS);
    } finally {
      closeProject(left);
    }
    expect(readLease(join(killed, LEASE_FILE))).toMatchObject({ state: 'held', holder: { pid: first.pid, command: 'longshot render' } });

    const resumed = await startCli(['render', killed, '--out', at('killed.mp4')]).ended;
    expect(resumed.err).toEqual([]);
    expect(resumed.code).toBe(0);
    const out = resumed.out.join('\n');
    expect(out).toMatch(new RegExp(`took over project "Killed" from pid ${first.pid} \\(longshot render, since [^)]+\\): that process is no longer running`));
    expect(out).toContain('rendering resuming job 1 (take 1), which was interrupted');
    const made = /generated (\d+) of 16 chunks \((\d+) were already made\)/.exec(out);
    expect(Number(made?.[2])).toBeGreaterThanOrEqual(saved);
    expect(Number(made?.[1])).toBeGreaterThan(0);

    const expected = await framemd5(at('straight.mp4'));
    expect(frameLines(expected)).toHaveLength(2 * CHUNKS);
    expect(await framemd5(at('killed.mp4'))).toBe(expected);
  }, 240_000);
});
