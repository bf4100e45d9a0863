import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataset, splitVideos } from '../../main/data/dataset';
import { DatasetError } from '../../main/data/schema';
import { StoryworldVideo } from '../../main/data/storyworld/video';
import { writeFootageDataset } from '../../main/data/write-footage';
import { writeStoryworldDataset } from '../../main/data/write-storyworld';
import { deriveSeed } from '../../main/data/random';
import { hashFolder, tempDir, twoCaptions, writeFootageFrames } from './helpers';

const small = { videos: 5, seconds: 10, width: 48, height: 48, fps: 8, seed: 11 };
const cleanups: (() => void)[] = [];
function folder(label: string): string {
  const t = tempDir(label);
  cleanups.push(t.remove);
  return t.dir;
}
afterAll(() => cleanups.forEach((remove) => remove()));

async function expectDatasetError(promise: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe(code);
    return;
  }
  throw new Error(`expected a DatasetError '${code}'`);
}

describe('Storyworld datasets on disk', () => {
  it('writes frames, storyboard and ground truth that match the generator, byte for byte across runs', async () => {
    const a = folder('a');
    const b = folder('b');
    const progress: number[] = [];
    const file = await writeStoryworldDataset({ ...small, dir: a, onProgress: (p) => progress.push(p.done) });
    await writeStoryworldDataset({ ...small, dir: b });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(file.videos.map((v) => v.id)).toEqual(['v0000', 'v0001', 'v0002', 'v0003', 'v0004']);
    expect(hashFolder(a)).toBe(hashFolder(b));

    const dataset = openDataset(a);
    expect(dataset.file).toMatchObject({ source: 'storyworld', generator: { name: 'storyworld' }, width: 48, height: 48, fps: 8, seed: 11 });
    const video = dataset.video('v0002');
    const generated = new StoryworldVideo({ seed: deriveSeed(11, 'video', 2), seconds: 10, width: 48, height: 48, fps: 8 });
    expect(video.file.storyboard).toEqual(generated.storyboard);
    const reader = video.openFrames();
    try {
      for (const i of [0, 33, 79]) {
        const { pixels, truth } = generated.renderFrame(i);
        expect(Buffer.from(reader.read(i)).equals(Buffer.from(pixels))).toBe(true);
        expect(video.truthAt(i)).toEqual(truth);
      }
    } finally {
      reader.close();
    }
    expect(video.captionAt(0)?.transition).toBe('cut');
    expect(video.captionAt(10.5)).toBeUndefined();
  });

  it('refuses to overwrite a finished dataset unless forced', async () => {
    const dir = folder('exists');
    await writeStoryworldDataset({ ...small, videos: 1, dir });
    await expectDatasetError(writeStoryworldDataset({ ...small, videos: 1, dir }), 'exists');
    await writeStoryworldDataset({ ...small, videos: 2, dir, force: true });
    expect(openDataset(dir).videoIds).toEqual(['v0000', 'v0001']);
  });

  it('resumes an interrupted run, keeping finished videos, to the same bytes as an uninterrupted one', async () => {
    const reference = folder('reference');
    await writeStoryworldDataset({ ...small, dir: reference });
    const dir = folder('resume');
    const controller = new AbortController();
    await expectDatasetError(writeStoryworldDataset({ ...small, dir, signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() }), 'cancelled');
    expect(existsSync(join(dir, 'dataset.json'))).toBe(false);
    await expectDatasetError(() => openDataset(dir), 'not-found');
    const kept: boolean[] = [];
    await writeStoryworldDataset({ ...small, dir, onProgress: (p) => kept.push(p.kept) });
    expect(kept).toEqual([true, true, false, false, false]);
    expect(hashFolder(dir)).toBe(hashFolder(reference));
  });

  it('rejects bad options and damaged files with typed errors', async () => {
    await expectDatasetError(writeStoryworldDataset({ ...small, dir: folder('short'), seconds: 4 }), 'invalid');
    await expectDatasetError(writeStoryworldDataset({ ...small, dir: folder('zero'), videos: 0 }), 'invalid');
    const dir = folder('damaged');
    await writeStoryworldDataset({ ...small, videos: 2, dir });
    const path = join(dir, 'dataset.json');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace('"longshot-dataset"', '"something-else"'));
    await expectDatasetError(() => openDataset(dir), 'invalid');
    writeFileSync(path, '{ not json');
    await expectDatasetError(() => openDataset(dir), 'invalid');
    writeFileSync(path, good);
    writeFileSync(join(dir, 'videos', 'v0001', 'video.json'), readFileSync(join(dir, 'videos', 'v0000', 'video.json')));
    await expectDatasetError(() => openDataset(dir).video('v0001'), 'mismatch');
    await expectDatasetError(() => openDataset(dir).video('v9999'), 'not-found');
  });
});

describe('footage datasets', () => {
  it('holds imported frames and captions without ground truth', () => {
    const src = folder('src');
    const size = { width: 48, height: 48, fps: 8 };
    writeFootageFrames(join(src, 'a.frames'), 40, size);
    writeFootageFrames(join(src, 'b.frames'), 24, size, 3);
    const dir = folder('footage');
    writeFootageDataset({ dir, seed: 5, videos: [{ id: 'clip-a', framesPath: join(src, 'a.frames'), storyboard: twoCaptions(5) }, { id: 'clip-b', framesPath: join(src, 'b.frames'), storyboard: [] }] });
    const dataset = openDataset(dir);
    expect(dataset.file).toMatchObject({ source: 'footage', generator: null, width: 48, fps: 8 });
    expect(dataset.file.videos).toEqual([{ id: 'clip-a', frameCount: 40, seconds: 5 }, { id: 'clip-b', frameCount: 24, seconds: 3 }]);
    const video = dataset.video('clip-a');
    expect(video.captionAt(3)?.text).toBe('the cat walks in');
    expect(video.truthAt(0)).toBeUndefined();
    const reader = video.openFrames();
    expect(reader.read(5)[0]).toBe(35);
    reader.close();
  });

  it('refuses mixed sizes, bad ids and missing files', () => {
    const src = folder('mixed');
    writeFootageFrames(join(src, 'a.frames'), 4, { width: 48, height: 48, fps: 8 });
    writeFootageFrames(join(src, 'b.frames'), 4, { width: 32, height: 48, fps: 8 });
    const dir = folder('mixed-out');
    const a = { id: 'a', framesPath: join(src, 'a.frames'), storyboard: [] };
    expect(() => writeFootageDataset({ dir, seed: 1, videos: [a, { id: 'b', framesPath: join(src, 'b.frames'), storyboard: [] }] })).toThrow(/32x48/);
    expect(() => writeFootageDataset({ dir, seed: 1, videos: [{ ...a, id: '../evil' }] })).toThrow(DatasetError);
    expect(() => writeFootageDataset({ dir, seed: 1, videos: [{ ...a, framesPath: join(src, 'none.frames') }] })).toThrow(DatasetError);
    expect(() => writeFootageDataset({ dir, seed: 1, videos: [] })).toThrow(DatasetError);
  });
});

describe('train/validation split', () => {
  it('splits by video, deterministically from the seed', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const split = splitVideos(ids, 3, 0.1);
    expect(split.validation).toHaveLength(10);
    expect(new Set([...split.train, ...split.validation])).toEqual(new Set(ids));
    expect(split.train.some((id) => split.validation.includes(id))).toBe(false);
    expect(splitVideos([...ids].reverse(), 3, 0.1).validation.sort()).toEqual([...split.validation].sort());
    expect(splitVideos(ids, 4, 0.1).validation).not.toEqual(split.validation);
    expect(splitVideos(['a', 'b'], 1, 0.1).validation).toHaveLength(1);
    expect(splitVideos(['a'], 1, 0.1).validation).toHaveLength(0);
    expect(() => splitVideos(ids, 1, 1)).toThrow(DatasetError);
  });
});
