/**
 * Makes a footage dataset from frames files (as the media importer writes them) and their
 * captions, in the same layout as a Storyworld dataset, so training can sample both alike.
 * Footage has no ground truth; its split seed is chosen by the caller.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FrameFileError, FrameFileReader, type FrameFileInfo } from '../media/frame-file';
import { DATASET_FILE, framesPath, videoDir, videoJsonPath, writeJsonAtomic } from './files';
import { CaptionRowSchema, DATASET_FORMAT_VERSION, DatasetError, VideoIdSchema, type CaptionRow, type DatasetFile, type VideoFile } from './schema';

/** One imported video. */
export interface FootageInput {
  id: string;
  /** A frames file written by the media importer (FrameFileWriter). */
  framesPath: string;
  /** Its captions; may be empty (stage-1 retrieval training needs none). */
  storyboard: readonly CaptionRow[];
}

export interface FootageDatasetOptions {
  dir: string;
  /** Seed of the train/validation split. */
  seed: number;
  videos: readonly FootageInput[];
  force?: boolean;
}

/** Copies the frames into `dir` and writes video.json files and dataset.json. All videos must
 * share one frame size and fps (the importer resamples to the project's). */
export function writeFootageDataset(options: FootageDatasetOptions): DatasetFile {
  const { dir, videos } = options;
  if (videos.length === 0) throw new DatasetError('empty', 'a footage dataset needs at least one video');
  if (existsSync(join(dir, DATASET_FILE)) && !options.force) throw new DatasetError('exists', `${dir} already holds a dataset; pass force to replace it`);
  if (new Set(videos.map((v) => v.id)).size !== videos.length) throw new DatasetError('invalid', 'video ids must be unique');
  const entries = videos.map((video) => ({ video, info: checkVideo(video) }));
  const first = (entries[0] as (typeof entries)[number]).info;
  for (const { video, info } of entries) {
    if (info.width !== first.width || info.height !== first.height || info.fps !== first.fps) {
      throw new DatasetError('mismatch', `video ${video.id} is ${info.width}x${info.height} at ${info.fps} fps; the first is ${first.width}x${first.height} at ${first.fps} fps`);
    }
  }
  rmSync(join(dir, DATASET_FILE), { force: true });
  rmSync(join(dir, 'videos'), { recursive: true, force: true });
  for (const { video, info } of entries) {
    mkdirSync(videoDir(dir, video.id), { recursive: true });
    copyFileSync(video.framesPath, framesPath(dir, video.id));
    const file: VideoFile = {
      format: 'longshot-video',
      version: DATASET_FORMAT_VERSION,
      id: video.id,
      source: 'footage',
      seed: null,
      width: info.width,
      height: info.height,
      fps: info.fps,
      frameCount: info.frameCount,
      storyboard: [...video.storyboard],
      truth: null,
    };
    writeJsonAtomic(videoJsonPath(dir, video.id), file);
  }
  const file: DatasetFile = {
    format: 'longshot-dataset',
    version: DATASET_FORMAT_VERSION,
    source: 'footage',
    generator: null,
    seed: options.seed,
    width: first.width,
    height: first.height,
    fps: first.fps,
    videos: entries.map(({ video, info }) => ({ id: video.id, frameCount: info.frameCount, seconds: info.frameCount / info.fps })),
  };
  writeJsonAtomic(join(dir, DATASET_FILE), file);
  return file;
}

function checkVideo(video: FootageInput): FrameFileInfo {
  if (!VideoIdSchema.safeParse(video.id).success) throw new DatasetError('invalid', `video id '${video.id}' may use letters, digits, _ and - only`);
  for (const row of video.storyboard) {
    if (!CaptionRowSchema.safeParse(row).success || row.endSec <= row.startSec) throw new DatasetError('invalid', `video ${video.id}: bad caption ${JSON.stringify(row)}`);
  }
  let reader: FrameFileReader;
  try {
    reader = new FrameFileReader(video.framesPath);
  } catch (error) {
    if (error instanceof FrameFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetError('invalid', `video ${video.id}: ${(error as Error).message}`);
    throw error;
  }
  reader.close();
  if (reader.info.frameCount < 1) throw new DatasetError('empty', `video ${video.id} has no frames`);
  return reader.info;
}
