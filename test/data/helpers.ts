/** Shared by the test/data files: temporary folders, small datasets, and folder hashes. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FrameFileWriter } from '../../main/media/frame-file';
import type { CaptionRow } from '../../main/data/schema';

/** A fresh temporary folder and its remover. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `longshot-data-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** sha256 over every file's relative path and bytes, in sorted order. */
export function hashFolder(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): string[] => readdirSync(d).sort().flatMap((name) => {
    const path = join(d, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
  for (const path of walk(dir)) hash.update(relative(dir, path)).update(readFileSync(path));
  return hash.digest('hex');
}

/** Writes a frames file whose frame i is filled with byte value (i * 7 + salt) % 256. */
export function writeFootageFrames(path: string, frames: number, size: { width: number; height: number; fps: number }, salt = 0): void {
  const writer = new FrameFileWriter(path, size);
  for (let i = 0; i < frames; i++) writer.write(new Uint8Array(size.width * size.height * 3).fill((i * 7 + salt) % 256));
  writer.close();
}

/** Two captions over `seconds`. */
export function twoCaptions(seconds: number): CaptionRow[] {
  return [
    { startSec: 0, endSec: seconds / 2, text: 'a kitchen', transition: 'cut' },
    { startSec: seconds / 2, endSec: seconds, text: 'the cat walks in', transition: 'continuous' },
  ];
}
