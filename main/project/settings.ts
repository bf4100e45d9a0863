/**
 * Project settings: one row (id = 1) with what product.md's "create a project" asks for.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { ProjectError, guard } from './errors';
import { definedOnly, nowIso, parseInput, seedSchema, type Db } from './rows';

/** Memory budgets of the frame-preserving encoder (engine.md, "Presets"), most tokens first. */
export const MEMORY_PRESETS = ['4x4x2', '2x2x2', '2x2x1'] as const;
/** One of MEMORY_PRESETS. */
export type MemoryPreset = (typeof MEMORY_PRESETS)[number];

/** The settings row. */
export interface ProjectSettings {
  name: string;
  durationSec: number;
  fps: number;
  width: number;
  height: number;
  modelId: string;
  memoryPreset: MemoryPreset;
  seed: number;
  samplingSteps: number;
  guidance: number;
  createdAt: string;
  updatedAt: string;
}

/** What a caller may set; every field optional in a patch. */
export type SettingsInput = Omit<ProjectSettings, 'createdAt' | 'updatedAt'>;

/** Frame sides are multiples of 8 because the generator patchifies 8x8 (engine.md). */
const side = z.int().min(16).max(4096).multipleOf(8);

const settingsSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  durationSec: z.number().positive().max(3600),
  fps: z.int().min(1).max(120),
  width: side,
  height: side,
  modelId: z.string().trim().min(1),
  memoryPreset: z.enum(MEMORY_PRESETS),
  seed: seedSchema,
  samplingSteps: z.int().min(1).max(1000),
  guidance: z.number().min(0).max(50),
});

/**
 * Defaults for a new project: the shipped tiny Storyworld model's native format (engine.md,
 * preset `tiny`) and its measured best sampling, as the demo uses: 8 steps without guidance
 * (guidance amplifies its errors; docs/model-quality.md). The seed is drawn per project unless given.
 */
export const DEFAULT_SETTINGS: Omit<SettingsInput, 'name' | 'seed'> = {
  durationSec: 10,
  fps: 8,
  width: 64,
  height: 64,
  modelId: 'storyworld-tiny',
  memoryPreset: '4x4x2',
  samplingSteps: 8,
  guidance: 1,
};

const COLUMNS = `name, duration_sec AS durationSec, fps, width, height, model_id AS modelId,
  memory_preset AS memoryPreset, seed, sampling_steps AS samplingSteps, guidance,
  created_at AS createdAt, updated_at AS updatedAt`;

/** Complete, validated settings for a new project: defaults, a random seed, then `input`. */
export function newSettings(name: string, input: Partial<Omit<SettingsInput, 'name'>> = {}): SettingsInput {
  return parseInput(settingsSchema, { ...DEFAULT_SETTINGS, seed: randomInt(0, 2 ** 32), ...definedOnly(input), name }, 'settings');
}

/** Writes the settings row of a new database (once, when the project is created). */
export function insertSettings(db: Db, settings: SettingsInput): ProjectSettings {
  const now = nowIso();
  guard('saving settings', () =>
    db
      .prepare(
        `INSERT INTO settings (id, name, duration_sec, fps, width, height, model_id, memory_preset, seed,
           sampling_steps, guidance, created_at, updated_at)
         VALUES (1, @name, @durationSec, @fps, @width, @height, @modelId, @memoryPreset, @seed,
           @samplingSteps, @guidance, @now, @now)`,
      )
      .run({ ...settings, now }),
  );
  return getSettings(db);
}

/** Reads the project's settings. */
export function getSettings(db: Db): ProjectSettings {
  const row = guard('reading settings', () => db.prepare(`SELECT ${COLUMNS} FROM settings WHERE id = 1`).get());
  if (row === undefined) throw new ProjectError('corrupt', 'the project has no settings row');
  // The table's CHECK constraints mirror settingsSchema, so a stored row is valid.
  return row as ProjectSettings;
}

/** Changes some settings in one transaction and returns them all. */
export function updateSettings(db: Db, patch: Partial<SettingsInput>): ProjectSettings {
  const change = parseInput(settingsSchema.partial(), patch, 'settings');
  return guard('updating settings', () =>
    db.transaction(() => {
      const next = { ...getSettings(db), ...definedOnly(change), updatedAt: nowIso() };
      db.prepare(
        `UPDATE settings SET name = @name, duration_sec = @durationSec, fps = @fps, width = @width,
           height = @height, model_id = @modelId, memory_preset = @memoryPreset, seed = @seed,
           sampling_steps = @samplingSteps, guidance = @guidance, updated_at = @updatedAt
         WHERE id = 1`,
      ).run(next);
      return getSettings(db);
    }).immediate(),
  );
}
