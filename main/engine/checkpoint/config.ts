/**
 * `config.json` of a checkpoint folder: what the model is (architecture, preset, vocabulary), what
 * it was trained on and how well it scores, plus the folder format version.
 */
import { CheckpointError } from './errors';
import { assertJson, diffJson } from './json';

/** The folder format this code writes; folders from a newer format are refused. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** What the caller describes when saving. Every value must be plain JSON. */
export interface CheckpointConfig {
  /** Preset name, e.g. 'tiny'. */
  preset: string;
  /** The model's own config object; compared key by key when loading into a model. */
  architecture: object;
  /** The tokenizer's vocabulary, stored with the weights it belongs to. */
  vocabulary?: unknown;
  /** Description of the training data (dataset, clip counts, seed...). */
  trainingData?: unknown;
  /** Scores at save time, e.g. { retrievalPsnr: 17.6 }; rotation keeps the best by one of them. */
  metrics?: Record<string, number>;
}

/** The config as read back from a folder. */
export interface StoredCheckpointConfig {
  formatVersion: number;
  preset: string;
  architecture: Record<string, unknown>;
  vocabulary?: unknown;
  trainingData?: unknown;
  metrics: Record<string, number>;
}

/** The parts of a config a model can require of a checkpoint. */
export interface ExpectedConfig {
  preset?: string;
  architecture?: object;
}

/** Serialises a config (pretty, as people read it) after checking it is plain JSON. */
export function encodeConfig(config: CheckpointConfig): Uint8Array {
  if (typeof config.preset !== 'string' || config.preset === '') {
    throw new CheckpointError('invalid_input', 'config.preset must be a non-empty string');
  }
  const stored = { formatVersion: CHECKPOINT_FORMAT_VERSION, ...config, metrics: config.metrics ?? {} };
  assertJson(stored, 'config');
  return Buffer.from(`${JSON.stringify(stored, null, 2)}\n`, 'utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks a config.json read from `file`. */
export function decodeConfig(bytes: Uint8Array, file: string): StoredCheckpointConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new CheckpointError('invalid_format', `${file} is not valid JSON (${(error as Error).message})`, file);
  }
  const bad = (what: string): CheckpointError => new CheckpointError('invalid_format', `${file}: ${what}`, file);
  if (!isRecord(parsed)) throw bad('not a JSON object');
  const { formatVersion, preset, architecture, metrics } = parsed;
  if (!Number.isInteger(formatVersion)) throw bad('formatVersion is missing');
  if ((formatVersion as number) > CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError('unsupported_version',
      `${file} has format version ${String(formatVersion)}; this Longshot reads up to ${CHECKPOINT_FORMAT_VERSION}: update Longshot to load it`, file);
  }
  if (typeof preset !== 'string') throw bad('preset is not a string');
  if (!isRecord(architecture)) throw bad('architecture is not an object');
  if (!isRecord(metrics) || !Object.values(metrics).every((m) => typeof m === 'number')) throw bad('metrics is not a map of numbers');
  return parsed as unknown as StoredCheckpointConfig;
}

/** Every way a stored config differs from what a model expects, one line each. */
export function configDifferences(stored: StoredCheckpointConfig, expected: ExpectedConfig): string[] {
  const lines: string[] = [];
  if (expected.preset !== undefined && expected.preset !== stored.preset) {
    lines.push(`preset: checkpoint ${JSON.stringify(stored.preset)}, model ${JSON.stringify(expected.preset)}`);
  }
  if (expected.architecture !== undefined) {
    lines.push(...diffJson(stored.architecture, JSON.parse(JSON.stringify(expected.architecture)), 'architecture'));
  }
  return lines;
}
