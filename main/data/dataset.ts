/**
 * Reading a dataset (Storyworld or footage): its videos, each video's storyboard and ground
 * truth, frames by positioned reads, and the train/validation split, which is by video (never by
 * frame, so no validation frame was ever seen in training) and fixed by the dataset's seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FrameFileError, FrameFileReader } from '../media/frame-file';
import { DATASET_FILE, framesPath, videoJsonPath } from './files';
import { deriveSeed, Rng } from './random';
import { DatasetError, DatasetFileSchema, parseFile, VideoFileSchema, type CaptionRow, type DatasetFile, type VideoFile } from './schema';
import type { FrameTruth } from './storyworld/video';

/** The two halves of a dataset, as video ids. */
export interface DatasetSplit {
  train: string[];
  validation: string[];
}

/** Splits video ids by a seeded shuffle: `validationFraction` of them (at least one when there
 * are two or more) go to validation. The same ids and seed always give the same split. */
export function splitVideos(ids: readonly string[], seed: number, validationFraction: number): DatasetSplit {
  if (!(validationFraction >= 0 && validationFraction < 1)) throw new DatasetError('invalid', `validation fraction must be in [0, 1), got ${validationFraction}`);
  const shuffled = new Rng(deriveSeed(seed, 'split')).shuffle([...ids].sort());
  const count = validationFraction === 0 || ids.length < 2 ? 0 : Math.min(ids.length - 1, Math.max(1, Math.round(ids.length * validationFraction)));
  const validation = new Set(shuffled.slice(0, count));
  return { train: ids.filter((id) => !validation.has(id)), validation: ids.filter((id) => validation.has(id)) };
}

/** One video of a dataset. */
export class DatasetVideo {
  /** The first frame showing each place (ground-truth place index), built when first needed. */
  private placeFirstFrame: Map<number, number> | undefined;

  constructor(readonly file: VideoFile, readonly framesPath: string) {}

  get id(): string {
    return this.file.id;
  }

  /** The caption whose span holds `seconds`, if any. */
  captionAt(seconds: number): CaptionRow | undefined {
    return this.file.storyboard.find((row) => row.startSec <= seconds && seconds < row.endSec);
  }

  /**
   * False where the ground truth shows frame `index`'s place before the shot holding `index`
   * began (a revisit, whose caption does not describe the place); true otherwise, and always
   * for footage, which has no ground truth.
   */
  firstVisitAt(index: number, shotStartFrame: number): boolean {
    const frames = this.file.truth?.frames;
    const place = frames?.[index]?.place;
    if (frames === undefined || place === undefined) return true;
    this.placeFirstFrame ??= frames.reduce((first, frame, i) => (first.has(frame.place) ? first : first.set(frame.place, i)), new Map<number, number>());
    return (this.placeFirstFrame.get(place) ?? index) >= shotStartFrame;
  }

  /** Ground truth of frame `index` (Storyworld only). */
  truthAt(index: number): FrameTruth | undefined {
    const truth = this.file.truth;
    const frame = truth?.frames[index];
    if (!truth || !frame) return undefined;
    const place = truth.places[frame.place];
    if (!place) throw new DatasetError('invalid', `video ${this.id} frame ${index} names unknown place ${frame.place}`);
    return {
      frame: index,
      place: place.id,
      placeKind: place.kind,
      characters: frame.boxes.map(([c, x, y, width, height]) => {
        const character = truth.characters[c];
        if (!character) throw new DatasetError('invalid', `video ${this.id} frame ${index} names unknown character ${c}`);
        return { ...character, box: { x, y, width, height } };
      }),
    };
  }

  /** Opens the frames for positioned reads; the caller closes the reader. */
  openFrames(): FrameFileReader {
    try {
      return new FrameFileReader(this.framesPath);
    } catch (error) {
      if (error instanceof FrameFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetError('invalid', (error as Error).message);
      throw error;
    }
  }
}

/** An opened dataset. Video files are read when first asked for. */
export class Dataset {
  private readonly cache = new Map<string, DatasetVideo>();

  constructor(readonly dir: string, readonly file: DatasetFile) {}

  /**
   * Why a model of frame format `video` cannot learn from or be scored on this dataset (it would
   * need resampling, which training never does), or null when the formats match.
   */
  formatMismatch(video: { width: number; height: number; fps: number }): string | null {
    const { width, height, fps } = this.file;
    if (width === video.width && height === video.height && fps === video.fps) return null;
    return `${this.dir} holds ${width}x${height} video at ${fps} fps; the model takes ${video.width}x${video.height} at ${video.fps} fps`;
  }

  /** Video ids in dataset order. */
  get videoIds(): string[] {
    return this.file.videos.map((v) => v.id);
  }

  /** One video, checked against dataset.json. */
  video(id: string): DatasetVideo {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const entry = this.file.videos.find((v) => v.id === id);
    if (!entry) throw new DatasetError('not-found', `dataset ${this.dir} has no video '${id}'`);
    const path = videoJsonPath(this.dir, id);
    if (!existsSync(path)) throw new DatasetError('invalid', `${path} is missing`);
    const file = parseFile(VideoFileSchema, readFileSync(path, 'utf8'), path);
    const { width, height } = this.file;
    if (file.id !== id || file.width !== width || file.height !== height || file.frameCount !== entry.frameCount) {
      throw new DatasetError('mismatch', `${path} does not match dataset.json (id, size or frame count)`);
    }
    if (file.truth && file.truth.frames.length !== file.frameCount) throw new DatasetError('invalid', `${path} has ground truth for ${file.truth.frames.length} of ${file.frameCount} frames`);
    const video = new DatasetVideo(file, framesPath(this.dir, id));
    this.cache.set(id, video);
    return video;
  }

  /** The split by video for this dataset's seed. */
  split(validationFraction = 0.1): DatasetSplit {
    return splitVideos(this.videoIds, this.file.seed, validationFraction);
  }
}

/** Opens the dataset in `dir` (a folder with dataset.json). */
export function openDataset(dir: string): Dataset {
  const path = resolve(dir, DATASET_FILE);
  if (!existsSync(path)) throw new DatasetError('not-found', `no dataset in ${dir} (dataset.json is missing; an unfinished Storyworld run can be resumed by running it again)`);
  const file = parseFile(DatasetFileSchema, readFileSync(path, 'utf8'), path);
  if (new Set(file.videos.map((v) => v.id)).size !== file.videos.length) throw new DatasetError('invalid', `${path} lists a video id twice`);
  return new Dataset(resolve(dir), file);
}
