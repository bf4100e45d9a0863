/**
 * Writes a Storyworld dataset: each video's frames (one frame at a time, never the whole video
 * in memory), its storyboard and per-frame ground truth, then dataset.json last, so a folder
 * with dataset.json is always complete. An interrupted run leaves dataset.partial.json; running
 * again with the same options keeps the videos already finished (generation is deterministic,
 * so they are the same bytes) and makes the rest.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FrameFileWriter } from '../media/frame-file';
import { DATASET_FILE, framesPath, PARTIAL_DATASET_FILE, videoDir, videoJsonPath, writeJsonAtomic } from './files';
import { deriveSeed } from './random';
import { DATASET_FORMAT_VERSION, DatasetError, parseFile, VideoFileSchema, type DatasetFile, type Truth, type VideoFile } from './schema';
import { STORYWORLD_VERSION, StoryworldVideo, type FrameTruth } from './storyworld/video';

export interface StoryworldDatasetOptions {
  dir: string;
  videos: number;
  seconds: number;
  width: number;
  height: number;
  fps: number;
  seed: number;
  /** Replace a finished dataset in `dir` instead of refusing. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DatasetProgress) => void;
}

/** Reported after each video. */
export interface DatasetProgress {
  done: number;
  total: number;
  id: string;
  /** True when the video was kept from an interrupted run. */
  kept: boolean;
  framesPerSecond: number;
  etaSeconds: number;
}

/** The id of video k: zero-padded so folders sort in order. */
export function storyworldVideoId(k: number, total: number): string {
  return `v${String(k).padStart(Math.max(4, String(total - 1).length), '0')}`;
}

/** Writes (or finishes) a Storyworld dataset and returns its dataset.json content. */
export async function writeStoryworldDataset(options: StoryworldDatasetOptions): Promise<DatasetFile> {
  const { dir, videos, seconds, width, height, fps, seed } = options;
  if (!(Number.isInteger(videos) && videos >= 1)) throw new DatasetError('invalid', `videos must be a whole number >= 1, got ${videos}`);
  try {
    // Constructing the first video checks size, fps and length before anything is written.
    new StoryworldVideo({ seed: deriveSeed(seed, 'video', 0), seconds, width, height, fps });
  } catch (error) {
    if (error instanceof RangeError) throw new DatasetError('invalid', error.message);
    throw error;
  }
  const frameCount = Math.round(seconds * fps);
  const planned: DatasetFile = {
    format: 'longshot-dataset',
    version: DATASET_FORMAT_VERSION,
    source: 'storyworld',
    generator: { name: 'storyworld', version: STORYWORLD_VERSION },
    seed,
    width,
    height,
    fps,
    videos: Array.from({ length: videos }, (_, k) => ({ id: storyworldVideoId(k, videos), frameCount, seconds })),
  };
  prepareFolder(options, planned);
  const started = performance.now();
  let framesMade = 0;
  for (let k = 0; k < videos; k++) {
    if (options.signal?.aborted) throw new DatasetError('cancelled', `cancelled after ${k} of ${videos} videos; run again to finish`);
    const id = storyworldVideoId(k, videos);
    const videoSeed = deriveSeed(seed, 'video', k);
    const kept = isFinished(dir, id, videoSeed, planned);
    if (!kept) {
      writeVideo(dir, id, new StoryworldVideo({ seed: videoSeed, seconds, width, height, fps }), videoSeed);
      framesMade += frameCount;
    }
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? framesMade / elapsed : 0;
    options.onProgress?.({ done: k + 1, total: videos, id, kept, framesPerSecond: rate, etaSeconds: rate > 0 ? ((videos - k - 1) * frameCount) / rate : 0 });
    // Let the event loop run (signals, progress output) between videos.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  writeJsonAtomic(join(dir, DATASET_FILE), planned);
  rmSync(join(dir, PARTIAL_DATASET_FILE), { force: true });
  return planned;
}

/** Refuses to overwrite a finished dataset without `force`; starts over when an interrupted
 * run had other options. */
function prepareFolder(options: StoryworldDatasetOptions, planned: DatasetFile): void {
  const { dir } = options;
  const finished = join(dir, DATASET_FILE);
  const partial = join(dir, PARTIAL_DATASET_FILE);
  if (existsSync(finished)) {
    if (!options.force) throw new DatasetError('exists', `${dir} already holds a dataset; pass force (--force) to replace it`);
    rmSync(finished);
    rmSync(join(dir, 'videos'), { recursive: true, force: true });
  }
  if (existsSync(partial) && readFileSync(partial, 'utf8') !== `${JSON.stringify(planned)}\n`) {
    rmSync(join(dir, 'videos'), { recursive: true, force: true });
  }
  mkdirSync(join(dir, 'videos'), { recursive: true });
  writeJsonAtomic(partial, planned);
}

function isFinished(dir: string, id: string, seed: number, planned: DatasetFile): boolean {
  const path = videoJsonPath(dir, id);
  if (!existsSync(path) || !existsSync(framesPath(dir, id))) return false;
  try {
    const video = parseFile(VideoFileSchema, readFileSync(path, 'utf8'), path);
    return video.seed === seed && video.width === planned.width && video.height === planned.height && video.fps === planned.fps;
  } catch {
    // A damaged leftover is simply made again.
    return false;
  }
}

function writeVideo(dir: string, id: string, video: StoryworldVideo, seed: number): void {
  mkdirSync(videoDir(dir, id), { recursive: true });
  const { width, height, fps } = video.options;
  const writer = new FrameFileWriter(framesPath(dir, id), { width, height, fps });
  const frames: Truth['frames'] = [];
  const pixels = new Uint8Array(width * height * 3);
  try {
    for (let i = 0; i < video.frameCount; i++) {
      const { truth } = video.renderFrame(i, pixels);
      writer.write(pixels);
      frames.push(compactTruth(video, truth));
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
  const file: VideoFile = {
    format: 'longshot-video',
    version: DATASET_FORMAT_VERSION,
    id,
    source: 'storyworld',
    seed,
    width,
    height,
    fps,
    frameCount: video.frameCount,
    storyboard: video.storyboard,
    truth: { places: video.places, characters: video.characters, frames },
  };
  // Written after the frames are in place: its presence marks the video finished.
  writeJsonAtomic(videoJsonPath(dir, id), file);
}

function compactTruth(video: StoryworldVideo, truth: FrameTruth): Truth['frames'][number] {
  return {
    place: video.places.findIndex((p) => p.id === truth.place),
    boxes: truth.characters.map((c) => [video.characters.findIndex((k) => k.id === c.id), c.box.x, c.box.y, c.box.width, c.box.height]),
  };
}
