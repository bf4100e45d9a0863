/**
 * A project whose current take has many chunks, for the timeline's browser test and benchmark:
 * chunk rows and preview strips only (drawing never reads a chunk's frames), at the random tiny
 * model's 2 frames a chunk and 8 fps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chunkPreviewFile } from '../../main/jobs/generation/paths';
import { encodePng } from '../../main/media/png';
import { addChunk, createRun, createTake } from '../../main/project/index';
import { handleCall, type ServiceContext } from '../../main/services/index';

export const LONG_TAKE_CHUNK_FRAMES = 2;
export const LONG_TAKE_FPS = 8;

/** A preview strip like generation's (two 64x64 frames side by side). */
function previewPng(): Buffer {
  const width = 128;
  const height = 64;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set([(i * 7) % 256, (i * 13) % 256, (i * 3) % 256], i * 3);
  return encodePng(rgb, width, height);
}

/** Writes project `name` (closed again afterwards) with `count` finished chunks; returns its folder. */
export async function writeLongTake(ctx: ServiceContext, name: string, count: number): Promise<string> {
  const created = await handleCall('projects.create', {
    name, settings: { modelId: 'random:tiny', durationSec: (count * LONG_TAKE_CHUNK_FRAMES) / LONG_TAKE_FPS },
  }, ctx);
  if (!created.ok) throw new Error(created.error.message);
  const { id, path } = created.value as { id: string; path: string };
  const { db } = ctx.projects.get(id);
  const run = createRun(db, { settings: {} });
  const take = createTake(db, { runId: run.id, seed: 1 });
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      addChunk(db, {
        takeId: take.id, chunkIndex: i, frameStart: i * LONG_TAKE_CHUNK_FRAMES, frameEnd: (i + 1) * LONG_TAKE_CHUNK_FRAMES,
        framesPath: `media/unused-${i}.frames`, seed: 1, caption: 'a long walk',
      });
    }
  })();
  const png = previewPng();
  for (let i = 0; i < count; i++) {
    const file = join(path, chunkPreviewFile(take, i));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png);
  }
  await handleCall('projects.close', { projectId: id }, ctx);
  return path;
}
