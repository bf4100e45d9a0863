/** Shared by the test/eval files: temporary folders, small Storyworld datasets and running `longshot eval`. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { writeStoryworldDataset } from '../../main/data/index';
import { main } from '../../main/cli/index';

/** A fresh temporary folder and its remover. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `longshot-eval-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Storyworld dataset in `dir` (a few seconds to write). */
export async function storyworld(dir: string, videos: number, size: number, seconds = 12): Promise<string> {
  await writeStoryworldDataset({ dir, videos, seconds, width: size, height: size, fps: 8, seed: 3 });
  return dir;
}

/** Runs `longshot ARGS` and returns the exit code and everything it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Reads a JSON file. */
export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Width, height and RGB pixels of a PNG written by main/media's encoder (8-bit RGB, filter 0 rows). */
export function decodePng(path: string): { width: number; height: number; rgb: Uint8Array } {
  const bytes = readFileSync(path);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const parts: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  return { width, height, rgb };
}
