/**
 * Time forecasts from FLOPs and a measured rate. Every generation job records the FLOP rate it
 * achieved (its chunks' counted FLOPs over their wall time) in the app's data folder, per
 * backend; the memory-budget dial divides a chunk's FLOPs by the newest rate. Before any job has
 * run, it uses engine.md's planning figure and says the time is assumed, not measured.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../engine/checkpoint/atomic';
import type { ModelConfig } from '../../engine/model/config';
import { forwardFlops } from '../../engine/model/cost';
import { appHome } from '../../project/index';

/** engine.md's planning figure for the tiny model on the 2-core machine (wasm, one thread). */
export const ASSUMED_FLOPS_PER_SECOND = 17e9;

const RATES_FILE = 'measured-rates.json';

const measuredRate = z.object({ backend: z.string(), flopsPerSecond: z.number().positive(), preset: z.string(), measuredAt: z.string() });
/** One measurement. */
export type MeasuredRate = z.output<typeof measuredRate>;

const ratesFile = z.object({ rates: z.record(z.string(), measuredRate) });

function readRates(): Record<string, MeasuredRate> {
  try {
    return ratesFile.parse(JSON.parse(readFileSync(join(appHome(), RATES_FILE), 'utf8'))).rates;
  } catch {
    // No file yet, or one from elsewhere: there is simply no measurement.
    return {};
  }
}

/** Records the rate a job achieved on a backend (replacing the previous one of that backend). */
export function recordMeasuredRate(rate: Omit<MeasuredRate, 'measuredAt'>): void {
  const rates = { ...readRates(), [rate.backend]: { ...rate, measuredAt: new Date().toISOString() } };
  mkdirSync(appHome(), { recursive: true });
  writeFileAtomic(join(appHome(), RATES_FILE), Buffer.from(`${JSON.stringify({ rates }, null, 2)}\n`));
}

/** The newest measurement of any backend, or null. */
export function newestMeasuredRate(): MeasuredRate | null {
  const all = Object.values(readRates()).sort((a, b) => (a.measuredAt < b.measuredAt ? 1 : -1));
  return all[0] ?? null;
}

/** Counted FLOPs of generating one chunk after `historyFrames` frames, split like the benchmark. */
export interface ChunkFlops {
  /** phi(H) once per chunk, plus the caption encoder. */
  memory: number;
  /** Every sampler step: the generator, twice per step with guidance. */
  sampling: number;
  total: number;
}

/** FLOPs of one chunk of a config at a history length, with `steps` sampler steps. */
export function chunkFlops(config: ModelConfig, historyFrames: number, steps: number, guidance: number): ChunkFlops {
  const windowFrames = Math.min(config.generator.windowFrames, historyFrames);
  const flops = forwardFlops(config, { historyFrames, targetFrames: config.video.chunkFrames, windowFrames });
  const passes = guidance === 1 ? 1 : 2;
  const memory = flops.memory + flops.text * passes;
  const sampling = flops.generator * passes * steps;
  return { memory, sampling, total: memory + sampling };
}
