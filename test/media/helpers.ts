/**
 * Shared helpers of the media tests: make videos with ffmpeg at test time, list this process's
 * children, read files back with an independent ffprobe when one is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateFfmpeg } from '../../main/media/ffmpeg-path';

/** The ffmpeg the code under test uses. */
export async function ffmpegPath(): Promise<string> {
  return (await locateFfmpeg()).path;
}

/** Runs ffmpeg synchronously to make a fixture; throws with its stderr on failure. */
export function ffmpegSync(ffmpeg: string, args: string[]): void {
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A fresh temp folder and its remover. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `longshot-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Pids and command names of this process's live children. */
export function childProcesses(): { pid: number; comm: string }[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === process.pid && f[3] !== 'ps' && !(f[2] ?? '').startsWith('Z'))
    .map((f) => ({ pid: Number(f[0]), comm: f[3] ?? '' }));
}

/** Files left in `dir` whose names mark unfinished work. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /partial|ffmeta/.test(name));
}

/** ffprobe on PATH, if installed (CI installs Debian's ffmpeg). */
export function ffprobeOnPath(): string | undefined {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return 'ffprobe';
  } catch {
    return undefined;
  }
}

/** ffprobe's JSON view of a file (format, streams, chapters; frames counted). */
export function ffprobeJson(ffprobe: string, file: string): {
  format: { duration: string; tags?: Record<string, string> };
  streams: { codec_name: string; codec_type: string; pix_fmt?: string; width?: number; height?: number; r_frame_rate: string; nb_read_frames?: string }[];
  chapters: { start_time: string; end_time: string; tags?: { title?: string } }[];
} {
  const text = execFileSync(
    ffprobe,
    ['-v', 'error', '-count_frames', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', file],
    { encoding: 'utf8' },
  );
  return JSON.parse(text);
}

/** A small deterministic PRNG (mulberry32), so fuzz cases replay from their seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
