/**
 * Shared set-up of the export tests: a project whose take is written straight through the store
 * (frames files and chunk rows, as generation's chunk store writes them), so export is tested
 * without running the model. Frame i of the video is a pattern that moves with i.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FrameFileWriter } from '../../main/media/frame-file';
import { addChunk, closeProject, createProject, replaceStoryboard, type CaptionInput, type Project, type Take } from '../../main/project/index';
import { chunkFile, projectFile } from '../../main/jobs/generation/paths';
import { createGeneration } from '../../main/jobs/generation/takes';

/** The tiny preset's frames: 64x64 at 8 fps, chunks of 2 frames. */
export const SIZE = 64;
export const FPS = 8;
export const CHUNK_FRAMES = 2;

/** A storyboard of three beats over two seconds, one a hard cut. */
export const STORYBOARD: CaptionInput[] = [
  { startSec: 0, endSec: 0.75, text: 'a red circle walks across a meadow', transition: 'cut' },
  { startSec: 0.75, endSec: 1.5, text: 'the meadow is empty', transition: 'continuous' },
  { startSec: 1.5, endSec: 2, text: 'the red circle comes back', transition: 'cut' },
];

/** Frame `i` of a fixture take: stripes that shift with i, tinted by `salt`. */
export function fixtureFrame(i: number, salt = 0): Uint8Array {
  const frame = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const o = (y * SIZE + x) * 3;
      frame[o] = ((x + i * 3) * 4) & 255;
      frame[o + 1] = (y * 4 + salt * 40) & 255;
      frame[o + 2] = ((x + y) * 2 + i * 10) & 255;
    }
  }
  return frame;
}

/** Writes chunks [from, to) of a take as generation would: frames file first, then the row. */
export function writeChunks(project: Project, take: Take, from: number, to: number, salt = 0): void {
  for (let index = from; index < to; index += 1) {
    const framesPath = chunkFile(take, index);
    const file = projectFile(project, framesPath);
    mkdirSync(dirname(file), { recursive: true });
    const writer = new FrameFileWriter(file, { width: SIZE, height: SIZE, fps: FPS });
    for (let f = 0; f < CHUNK_FRAMES; f += 1) writer.write(fixtureFrame(index * CHUNK_FRAMES + f, salt));
    writer.close();
    const frameStart = index * CHUNK_FRAMES;
    addChunk(project.db, { takeId: take.id, chunkIndex: index, frameStart, frameEnd: frameStart + CHUNK_FRAMES, framesPath, seed: take.seed, caption: '' });
  }
}

/** sha256 of frames 0..count-1 of a fixture take: what the export must report. */
export function fixtureHash(count: number, salt = 0): string {
  const sha = createHash('sha256');
  for (let i = 0; i < count; i += 1) sha.update(fixtureFrame(i, salt));
  return sha.digest('hex');
}

/**
 * Writes a stand-in model folder: a config, weights that are just `weights`, and the manifest
 * that lists their sha256, which is what a run pins. Returns that sha256. Nothing loads it here.
 */
export function writeStandInModel(dir: string, weights: string): string {
  mkdirSync(dir, { recursive: true });
  const sha256 = createHash('sha256').update(weights).digest('hex');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ formatVersion: 1, preset: 'tiny', architecture: {}, metrics: {} }));
  writeFileSync(join(dir, 'model.safetensors'), weights);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 1, files: [{ name: 'model.safetensors', size: weights.length, sha256 }] }));
  return sha256;
}

/** A temporary folder of projects; `dispose` closes and deletes everything. */
export function exportProjects() {
  const dir = mkdtempSync(join(tmpdir(), 'longshot-export-'));
  const open: Project[] = [];
  return {
    dir,
    /**
     * A project with the fixture storyboard and a run whose first take has `chunks` chunks written.
     * The model is the seeded random tiny one unless named, so tests never depend on the default model.
     */
    create(name: string, options: { durationSec?: number; chunks?: number; modelId?: string } = {}) {
      const durationSec = options.durationSec ?? 2;
      const project = createProject(dir, name, { durationSec, fps: FPS, width: SIZE, height: SIZE, seed: 11, samplingSteps: 1, modelId: options.modelId ?? 'random:tiny' });
      open.push(project);
      replaceStoryboard(project.db, STORYBOARD);
      const { take } = createGeneration(project.db, { seed: 11, footageId: null });
      writeChunks(project, take, 0, options.chunks ?? Math.ceil((durationSec * FPS) / CHUNK_FRAMES));
      return { project, take };
    },
    dispose(): void {
      for (const project of open) if (project.db.open) closeProject(project);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
