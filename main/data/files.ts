/**
 * Paths inside a dataset folder and crash-safe JSON writes. A JSON file is written to a
 * temporary name, fsynced and renamed, so a reader sees the old file or the new one, never half.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const DATASET_FILE = 'dataset.json';
/** Written first by the Storyworld writer with the intended dataset; lets a rerun resume. */
export const PARTIAL_DATASET_FILE = 'dataset.partial.json';

/** The folder of one video. */
export const videoDir = (dir: string, id: string): string => join(dir, 'videos', id);
/** The frames file of one video. */
export const framesPath = (dir: string, id: string): string => join(videoDir(dir, id), 'video.frames');
/** The storyboard and ground-truth file of one video. */
export const videoJsonPath = (dir: string, id: string): string => join(videoDir(dir, id), 'video.json');

/** Writes `value` as JSON at `path` atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(value)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
