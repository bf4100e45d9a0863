/**
 * Provenance: everything needed to make an exported video again, bit for bit. It is stored in
 * the project's exports table and, as compact JSON, in the MP4's tags (provenance-tags.ts):
 *   - the app version and the engine backend that ran (wasm and cpu may round differently);
 *   - the model by id, preset and sha256 of its weights (model-identity.ts);
 *   - the generation settings and storyboard of the run's plan (what generation read, not the
 *     live project, which may have been edited since);
 *   - the take's lineage: the seed, first chunk and caption overrides of the take and of each
 *     take it continues, root first, since a retake reuses its parent's chunks;
 *   - the imported footage the run continued, if any: its source file, fit, frame count and the
 *     sha256 of its decoded frames, which re-importing it for a re-render must reproduce;
 *   - the video: size, rate, frame count and the sha256 of its frames, which a re-render must
 *     reproduce; and the export's own format settings.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { FITS, MEMORY_PRESETS, TRANSITIONS, type JsonValue, type Take } from '../../project/index';
import type { GenerationPlan } from '../generation/plan';
import type { ModelIdentity } from './model-identity';

/** The `format` of provenance JSON, so a reader knows what it holds. */
export const PROVENANCE_FORMAT = 'longshot-provenance';
/** Bumped when the shape changes incompatibly. */
export const PROVENANCE_VERSION = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.int().min(0);

const lineageStep = z.object({
  takeId: z.int().positive(),
  seed: count,
  fromChunk: count,
  captionOverrides: z.array(z.object({ captionId: z.int().positive(), text: z.string() })),
});

/** The project settings a run used (the plan without its storyboard). */
const settingsSchema = z.object({
  name: z.string(),
  durationSec: z.number().positive(),
  fps: z.int().positive(),
  width: z.int().positive(),
  height: z.int().positive(),
  modelId: z.string().min(1),
  memoryPreset: z.enum(MEMORY_PRESETS),
  seed: count,
  samplingSteps: z.int().positive(),
  guidance: z.number().min(0),
  footageId: z.int().positive().nullable(),
});

/** The footage a run continued, as a re-render finds and checks it again. */
const footageSchema = z.object({
  sourcePath: z.string().min(1),
  fit: z.enum(FITS),
  frameCount: z.int().positive(),
  fps: z.number().positive(),
  framesSha256: hex64,
});

/** Provenance as stored; parse with parseProvenance. */
export const provenanceSchema = z.object({
  format: z.literal(PROVENANCE_FORMAT),
  version: z.literal(PROVENANCE_VERSION),
  app: z.object({ name: z.literal('longshot'), version: z.string() }),
  engine: z.object({ backend: z.string() }),
  model: z.object({ id: z.string().min(1), source: z.enum(['checkpoint', 'random']), preset: z.string(), path: z.string().nullable(), sha256: hex64 }),
  seed: count,
  settings: settingsSchema,
  storyboard: z.array(z.object({
    id: z.int().positive(), startSec: z.number().min(0), endSec: z.number().positive(), text: z.string(), transition: z.enum(TRANSITIONS),
  })),
  take: z.object({ id: z.int().positive(), runId: z.int().positive(), lineage: z.array(lineageStep).min(1) }),
  /** Null without footage; absent in exports made before footage was recorded (version 0.1.0 and earlier). */
  footage: footageSchema.nullable().optional(),
  video: z.object({
    width: z.int().positive(), height: z.int().positive(), fps: z.number().positive(), frameCount: z.int().positive(), framesSha256: hex64,
  }),
  export: z.object({
    crf: z.int(), fps: z.number().positive(), upscale: z.object({ factor: z.int(), filter: z.string() }), chapters: z.boolean(),
  }),
  createdAt: z.string(),
});

/** Provenance of one export (see the file comment). */
export type Provenance = z.output<typeof provenanceSchema>;

/** The version in package.json: the code that made the export. */
export function appVersion(): string {
  return (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
}

/** What buildProvenance assembles. */
export interface ProvenanceInput {
  plan: GenerationPlan;
  /** The exported take and the takes it continues, root first. */
  lineage: readonly Take[];
  model: ModelIdentity;
  backend: string;
  footage: Provenance['footage'];
  video: Provenance['video'];
  export: Provenance['export'];
}

/** Assembles the provenance of an export. */
export function buildProvenance(input: ProvenanceInput): Provenance {
  const { plan, lineage } = input;
  const take = lineage.at(-1) as Take;
  return provenanceSchema.parse({
    format: PROVENANCE_FORMAT,
    version: PROVENANCE_VERSION,
    app: { name: 'longshot', version: appVersion() },
    engine: { backend: input.backend },
    model: input.model,
    seed: (lineage[0] as Take).seed,
    settings: plan,
    storyboard: plan.storyboard,
    take: {
      id: take.id,
      runId: take.runId,
      lineage: lineage.map((t) => ({ takeId: t.id, seed: t.seed, fromChunk: t.fromChunk, captionOverrides: t.captionOverrides })),
    },
    footage: input.footage ?? null,
    video: input.video,
    export: input.export,
    createdAt: new Date().toISOString(),
  });
}

/** Reads provenance JSON text; throws a zod or syntax error when it is not ours. */
export function parseProvenance(text: string): Provenance {
  return provenanceSchema.parse(JSON.parse(text));
}

/** Provenance as a JSON value for the exports table. */
export function provenanceJson(provenance: Provenance): JsonValue {
  return provenance as unknown as JsonValue;
}
