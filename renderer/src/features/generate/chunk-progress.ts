/**
 * Where a generation job is within the video: its steps count sampler steps over the chunks it
 * makes (a take from chunk N makes chunks N onward), so the chunk and the step in it follow.
 */

/** The chunk being made (0-based, of the whole video) and the step within it. */
export interface ChunkPosition {
  chunk: number;
  chunks: number;
  stepInChunk: number;
  steps: number;
}

/** Position of a job at `step` of `total`, for a take starting at `fromChunk` with `steps` per chunk. */
export function chunkPosition(step: number, total: number, steps: number, fromChunk: number): ChunkPosition | null {
  if (steps <= 0 || total <= 0) return null;
  // A step count on a chunk boundary is the end of the chunk before (as the job's message says it).
  const made = Math.min(Math.max(0, Math.ceil(step / steps) - 1), total / steps - 1);
  return { chunk: fromChunk + made, chunks: fromChunk + Math.round(total / steps), stepInChunk: step - made * steps, steps };
}

/** The sampler steps of a run's plan (its settings JSON), or null when it does not say. */
export function planSteps(settings: unknown): number | null {
  if (typeof settings !== 'object' || settings === null) return null;
  const steps = (settings as Record<string, unknown>).samplingSteps;
  return typeof steps === 'number' && steps > 0 ? steps : null;
}
