/**
 * The model sizes an evaluation trains at. Every arm of one evaluation uses the same scale, so
 * arms differ only in their memory encoder (and, for consistency, their training). `tiny` is the
 * shipped preset; `small` is the reduced size this repository's documented run uses on a shared
 * 2-core CPU; `long` is `small` with a history as long as Storyworld's revisit gaps (issue 13:
 * revisits begin 11.5-24 s into the default dataset's held-out videos, so a 6 s memory cannot hold
 * the place a consistency run judges); `micro` exists for the end-to-end tests.
 */
import type { DatasetFile } from '../data/index';
import { buildVocabulary } from '../engine/model/tokenizer';
import { validateConfig, type CompressionName, type MemoryVariant, type ModelConfig } from '../engine/model/config';
import { presetConfig } from '../engine/presets';
import { EvalError } from './errors';

/** Names of the evaluation scales. */
export const EVAL_SCALES = ['tiny', 'small', 'long', 'micro'] as const;
/** One of EVAL_SCALES. */
export type EvalScaleName = (typeof EVAL_SCALES)[number];

/** The `long` scale's history: the latest revisit of the default dataset's held-out videos (24 s after the start). */
export const LONG_HISTORY_SECONDS = 24;

/** Words of the caption vocabulary built from the data (as the trainer builds one). */
const VOCABULARY_SIZE = 512;

/** A memory encoder at a rate: one arm of an evaluation. */
export interface EncoderArm {
  /** Folder-safe id, e.g. 'pfp-4x4x2'. */
  id: string;
  /** As the tables print it, in paper.md's words. */
  label: string;
  variant: MemoryVariant;
  compression: CompressionName;
}

/** An arm for a variant at a rate, named as paper.md's Table 1 names it. */
export function encoderArm(variant: MemoryVariant, compression: CompressionName): EncoderArm {
  const names: Record<MemoryVariant, string> = {
    'large-patchifier': 'Large patchifier', 'only-lr': 'Only LR', 'without-lr': 'Without LR', pfp: 'Proposed', none: 'No memory',
  };
  return { id: `${variant}-${compression}`, label: variant === 'none' ? names.none : `${names[variant]} ${compression}`, variant, compression };
}

/** The preset config at `scale`, before the data and the arm are applied. */
function scaledPreset(scale: EvalScaleName): ModelConfig {
  const tiny = presetConfig('tiny');
  switch (scale) {
    case 'tiny':
      return tiny;
    case 'small':
      // Two thirds of tiny's depth and a 6 s history: the six retrieval arms fit in a few hours on a shared CPU.
      return { ...tiny, preset: 'tiny-small', generator: { ...tiny.generator, depth: 4 }, memory: { ...tiny.memory, historySeconds: 6 } };
    case 'long':
      return { ...tiny, preset: 'tiny-long', generator: { ...tiny.generator, depth: 4 }, memory: { ...tiny.memory, historySeconds: LONG_HISTORY_SECONDS } };
    case 'micro':
      return {
        ...tiny, preset: 'tiny-micro',
        text: { ...tiny.text, maxLength: 16, width: 32, depth: 1, heads: 2 },
        generator: { ...tiny.generator, width: 32, depth: 2, heads: 2, mlpRatio: 2 },
        memory: { ...tiny.memory, historySeconds: 2, hrChannels: [16, 32], hrHeads: 2 },
      };
  }
}

/** Throws an 'invalid_option' EvalError unless `name` is a scale. */
export function parseScale(name: string): EvalScaleName {
  const found = EVAL_SCALES.find((s) => s === name);
  if (found === undefined) throw new EvalError('invalid_option', `unknown scale '${name}' (known: ${EVAL_SCALES.join(', ')})`);
  return found;
}

/** The model an arm trains at a scale, sized to the data's frames, with a vocabulary from its storyboards. */
export function armModelConfig(scale: EvalScaleName, arm: EncoderArm, data: Pick<DatasetFile, 'width' | 'height' | 'fps'>, corpus: readonly string[]): ModelConfig {
  const base = scaledPreset(scale);
  const config: ModelConfig = {
    ...base,
    video: { ...base.video, width: data.width, height: data.height, fps: data.fps },
    text: { ...base.text, vocab: buildVocabulary(corpus, { maxSize: VOCABULARY_SIZE }) },
    memory: { ...base.memory, variant: arm.variant, compression: arm.compression },
  };
  validateConfig(config);
  return config;
}
