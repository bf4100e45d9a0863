import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClipSampler, type Clip, type ClipSamplerOptions } from '../../main/data/clip-sampler';
import { openDataset, type Dataset } from '../../main/data/dataset';
import { DatasetError } from '../../main/data/schema';
import { writeFootageDataset } from '../../main/data/write-footage';
import { writeStoryworldDataset } from '../../main/data/write-storyworld';
import { FrameFileReader } from '../../main/media/frame-file';
import { tempDir, twoCaptions, writeFootageFrames } from './helpers';

const temp = tempDir('sampler');
let storyworld: Dataset;
let footage: Dataset;

beforeAll(async () => {
  await writeStoryworldDataset({ dir: join(temp.dir, 'sw'), videos: 10, seconds: 10, width: 32, height: 32, fps: 8, seed: 4 });
  storyworld = openDataset(join(temp.dir, 'sw'));
  const size = { width: 32, height: 32, fps: 8 };
  writeFootageFrames(join(temp.dir, 'a.frames'), 60, size);
  writeFootageFrames(join(temp.dir, 'b.frames'), 30, size, 1);
  writeFootageDataset({
    dir: join(temp.dir, 'footage'),
    seed: 9,
    videos: [
      { id: 'a', framesPath: join(temp.dir, 'a.frames'), storyboard: twoCaptions(7.5) },
      { id: 'b', framesPath: join(temp.dir, 'b.frames'), storyboard: [] },
    ],
  });
  footage = openDataset(join(temp.dir, 'footage'));
});
afterAll(() => temp.remove());

const options = (over: Partial<ClipSamplerOptions> = {}): ClipSamplerOptions => ({ datasets: [storyworld], clipFrames: 16, split: 'train', seed: 1, ...over });

function signature(clip: Clip): string {
  return `${clip.videoId}@${clip.startFrame}:${createHash('sha256').update(clip.frames).digest('hex').slice(0, 12)}`;
}

function draw(sampler: ClipSampler, n: number): string[] {
  return Array.from({ length: n }, () => signature(sampler.next()));
}

describe('ClipSampler', () => {
  it('draws the same clips for the same seed, other clips for another', () => {
    const a = new ClipSampler(options());
    const b = new ClipSampler(options());
    const c = new ClipSampler(options({ seed: 2 }));
    const drawn = draw(a, 20);
    expect(draw(b, 20)).toEqual(drawn);
    expect(draw(c, 20)).not.toEqual(drawn);
    expect(new Set(drawn).size).toBeGreaterThan(10);
    [a, b, c].forEach((s) => s.close());
  });

  it('resumes exactly from a saved cursor', () => {
    const straight = new ClipSampler(options());
    draw(straight, 7);
    const saved = JSON.parse(JSON.stringify(straight.cursor)) as ClipSampler['cursor'];
    const expected = draw(straight, 9);
    const resumed = new ClipSampler(options({ cursor: saved }));
    expect(resumed.count).toBe(7);
    expect(draw(resumed, 9)).toEqual(expected);
    expect(() => new ClipSampler(options({ clipFrames: 8, cursor: saved }))).toThrow(DatasetError);
    expect(() => new ClipSampler(options({ split: 'validation', cursor: saved }))).toThrow(/other data or options/);
    straight.close();
    resumed.close();
  });

  it('keeps train and validation apart by video', () => {
    const split = storyworld.split(0.2);
    expect(split.validation).toHaveLength(2);
    const train = new ClipSampler(options({ validationFraction: 0.2 }));
    const validation = new ClipSampler(options({ split: 'validation', validationFraction: 0.2 }));
    const trainIds = new Set(Array.from({ length: 60 }, () => train.next().videoId));
    const validationIds = new Set(Array.from({ length: 30 }, () => validation.next().videoId));
    expect([...validationIds].sort()).toEqual([...split.validation].sort());
    expect([...trainIds].some((id) => validationIds.has(id))).toBe(false);
    expect(trainIds.size).toBeGreaterThan(5);
    train.close();
    validation.close();
  });

  it('returns the frames, captions and ground truth of the clip, reading only its frames', () => {
    const sampler = new ClipSampler(options({ clipFrames: 5, frameStep: 3, split: 'all' }));
    const read = vi.spyOn(FrameFileReader.prototype, 'read');
    const clip = sampler.next();
    expect(read).toHaveBeenCalledTimes(5);
    read.mockRestore();
    const video = storyworld.video(clip.videoId);
    const reader = video.openFrames();
    for (let k = 0; k < 5; k++) {
      const frame = clip.startFrame + 3 * k;
      expect(Buffer.from(clip.frames.subarray(k * 32 * 32 * 3, (k + 1) * 32 * 32 * 3)).equals(Buffer.from(reader.read(frame)))).toBe(true);
      expect(clip.times[k]).toBe(frame / 8);
      expect(clip.captions[k]).toBe(video.captionAt(frame / 8)?.text);
      expect(clip.truth[k]).toEqual(video.truthAt(frame));
    }
    reader.close();
    sampler.close();
  });

  it('mixes Storyworld and footage datasets of one frame size', () => {
    const sampler = new ClipSampler(options({ datasets: [storyworld, footage], split: 'all', clipFrames: 12, maxOpenFiles: 2 }));
    const clips = Array.from({ length: 80 }, () => sampler.next());
    expect(new Set(clips.map((c) => c.source))).toEqual(new Set(['storyworld', 'footage']));
    const fromA = clips.find((c) => c.videoId === 'a');
    if (!fromA) throw new Error('no clip from footage video a in 80 draws');
    expect(fromA.truth.every((t) => t === undefined)).toBe(true);
    expect(fromA.frames[0]).toBe((fromA.startFrame * 7) % 256);
    expect(fromA.captions.every((c) => c === 'a kitchen' || c === 'the cat walks in')).toBe(true);
    sampler.close();
  });

  it('rejects impossible requests with typed errors', () => {
    expect(() => new ClipSampler(options({ clipFrames: 500 }))).toThrow(/long enough/);
    expect(() => new ClipSampler(options({ datasets: [] }))).toThrow(DatasetError);
    expect(() => new ClipSampler(options({ clipFrames: 0 }))).toThrow(DatasetError);
    writeFootageFrames(join(temp.dir, 'small.frames'), 20, { width: 16, height: 16, fps: 8 });
    writeFootageDataset({ dir: join(temp.dir, 'small'), seed: 1, videos: [{ id: 's', framesPath: join(temp.dir, 'small.frames'), storyboard: [] }] });
    expect(() => new ClipSampler(options({ datasets: [storyworld, openDataset(join(temp.dir, 'small'))] }))).toThrow(/differ in frame size/);
    const sampler = new ClipSampler(options());
    expect(() => sampler.next(new Uint8Array(10))).toThrow(DatasetError);
    sampler.close();
  });
});
