/**
 * Storyworld ground truth as the judge's labelled frames. A character is labelled only where it
 * can be judged at all: fully inside the frame (truth boxes are clipped, so a box touching an
 * edge is a character half off screen), big enough, and not covered by another. The same rule
 * picks which returning characters the consistency evaluation scores.
 *
 * The judge trains on fresh procedural videos rather than on a dataset's training split: a
 * dataset holds one or two characters per video, too few identities for the heads to learn each
 * attribute apart from the others, while Storyworld can draw as many labelled videos as wanted.
 * It is scored on the dataset's held-out videos.
 */
import {
  COLOUR_NAMES, PATTERNS, PLACE_KINDS, SHAPES, StoryworldVideo, deriveSeed,
  type CharacterTruth, type Dataset, type FrameTruth,
} from '../data/index';
import { CHARACTER_HEADS, type JudgeConfig, type JudgeFrame, type JudgeHead, type JudgeSet, type LabelledCharacter } from '../engine/judge/index';
import { EvalError } from './errors';

/** The judge's class names: every place kind, shape, colour and pattern Storyworld draws. */
export function storyworldClasses(): Record<JudgeHead, string[]> {
  return { place: [...PLACE_KINDS], shape: [...SHAPES], colour: [...COLOUR_NAMES], pattern: [...PATTERNS] };
}

/** Smallest box side (pixels) worth judging. */
const MIN_SIDE = 6;
/** A character covered by another over more than this fraction of its box is not judged. */
const MAX_COVERED = 0.2;

function overlap(a: CharacterTruth['box'], b: CharacterTruth['box']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The characters of a frame that can be judged (see the file comment). */
export function judgeableCharacters(truth: FrameTruth, width: number, height: number): CharacterTruth[] {
  return truth.characters.filter((c) => {
    const { x, y, width: w, height: h } = c.box;
    const inside = x > 0 && y > 0 && x + w < width && y + h < height;
    const covered = truth.characters.some((o) => o !== c && overlap(c.box, o.box) > MAX_COVERED * w * h);
    return inside && w >= MIN_SIDE && h >= MIN_SIDE && !covered;
  });
}

/** The class id of `name` in the judge's `head`; an 'invalid_data' EvalError when the judge does not know it. */
export function classId(config: JudgeConfig, head: JudgeHead, name: string): number {
  const id = config.classes[head].indexOf(name);
  if (id < 0) throw new EvalError('invalid_data', `the judge knows no ${head} '${name}' (it knows ${config.classes[head].join(', ')}); train a judge on this data`);
  return id;
}

/** A character's class ids under `config`. */
export function characterLabels(config: JudgeConfig, character: CharacterTruth): LabelledCharacter['labels'] {
  return Object.fromEntries(CHARACTER_HEADS.map((head) => [head, classId(config, head, character[head])])) as LabelledCharacter['labels'];
}

/** One frame and its truth as a labelled judge frame. */
export function labelledFrame(config: JudgeConfig, pixels: Uint8Array, truth: FrameTruth, width: number, height: number): JudgeFrame {
  return {
    pixels,
    place: classId(config, 'place', truth.placeKind),
    characters: judgeableCharacters(truth, width, height).map((c) => ({ box: c.box, labels: characterLabels(config, c) })),
    occupied: truth.characters.map((c) => c.box),
  };
}

/** Which frames of which videos. */
export interface JudgeSetOptions {
  split: 'train' | 'validation';
  validationFraction: number;
  /** Every this many frames of each video. */
  frameStep: number;
}

/** Labelled frames of one split of Storyworld datasets (all of one frame size). */
export function judgeSet(datasets: readonly Dataset[], config: JudgeConfig, options: JudgeSetOptions): JudgeSet {
  const first = datasets[0];
  if (!first) throw new EvalError('invalid_data', 'the judge needs at least one dataset');
  const { width, height } = first.file;
  const frames: JudgeFrame[] = [];
  for (const dataset of datasets) {
    if (dataset.file.source !== 'storyworld') throw new EvalError('invalid_data', `${dataset.dir} is not a Storyworld dataset: the judge needs its ground truth`);
    if (dataset.file.width !== width || dataset.file.height !== height) {
      throw new EvalError('invalid_data', `${dataset.dir} is ${dataset.file.width}x${dataset.file.height}, the first dataset ${width}x${height}`);
    }
    for (const id of dataset.split(options.validationFraction)[options.split]) {
      const video = dataset.video(id);
      const reader = video.openFrames();
      try {
        for (let i = 0; i < video.file.frameCount; i += options.frameStep) {
          const truth = video.truthAt(i);
          if (truth) frames.push(labelledFrame(config, reader.read(i), truth, width, height));
        }
      } finally {
        reader.close();
      }
    }
  }
  if (frames.length === 0) throw new EvalError('invalid_data', `no ${options.split} video with ground truth in ${datasets.map((d) => d.dir).join(', ')}`);
  return { width, height, frames };
}

/** Fresh Storyworld videos to train a judge on. */
export interface ProceduralSetOptions {
  videos: number;
  seconds: number;
  width: number;
  height: number;
  fps: number;
  seed: number;
  /** Every this many frames of each video. */
  frameStep: number;
  /** Video seeds never to draw (those of the datasets the judge is scored on). */
  exclude: ReadonlySet<number>;
}

/** Labelled frames of `videos` Storyworld videos drawn from the judge's own seeds. */
export function proceduralJudgeSet(config: JudgeConfig, options: ProceduralSetOptions): JudgeSet {
  const { width, height, fps, seconds } = options;
  const frames: JudgeFrame[] = [];
  for (let k = 0, drawn = 0; drawn < options.videos; k++) {
    const seed = deriveSeed(options.seed, 'judge-video', k);
    if (options.exclude.has(seed)) continue;
    drawn += 1;
    const video = new StoryworldVideo({ seed, seconds, width, height, fps });
    for (let i = 0; i < video.frameCount; i += options.frameStep) {
      const { pixels, truth } = video.renderFrame(i);
      frames.push(labelledFrame(config, pixels, truth, width, height));
    }
  }
  return { width, height, frames };
}

/** The Storyworld seeds of every video of `datasets`. */
export function datasetVideoSeeds(datasets: readonly Dataset[]): Set<number> {
  return new Set(datasets.flatMap((d) => d.videoIds.map((id) => d.video(id).file.seed).filter((s): s is number => s !== null)));
}
