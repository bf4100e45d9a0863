/**
 * The 'generate' job: makes (or continues) one take, chunk by chunk (generation/loop.ts), in the
 * engine process. Its only parameter is the take, recorded before the job was queued
 * (generation/takes.ts), so a job started again after a crash continues the same take from its
 * last finished chunk. A take whose memory estimate exceeds what the backend can hold fails at
 * once ('insufficient_memory'). Afterwards the FLOP rate it achieved is recorded for forecasts.
 */
import { totalmem } from 'node:os';
import { initEngine, type BackendName } from '../../engine/backend';
import { closeProject, openProject } from '../../project/index';
import { messageOf } from '../errors';
import { generateTake } from '../generation/loop';
import { recordMeasuredRate } from '../generation/rates';
import { generateParams, type GenerateParams } from '../generation/takes';
import { registerRunner, type RunnerContext } from '../runners';

/** wasm32's whole address space: the most a wasm backend can ever hold. */
const WASM_HEAP_BYTES = 4 * 2 ** 30;

/** What the backend can hold; GPU memory is not known from here, so it is not checked. */
function memoryLimit(backend: BackendName): number | undefined {
  switch (backend) {
    case 'wasm': return WASM_HEAP_BYTES;
    case 'cpu':
    case 'tensorflow': return totalmem();
    case 'tensorflow-gpu': return undefined;
  }
}

/** Runs one 'generate' job; the result summarises the take (structured-cloneable). */
export async function runGenerateJob(ctx: RunnerContext<GenerateParams>): Promise<unknown> {
  const engine = await initEngine();
  if (engine.warning !== null) ctx.log('warn', engine.warning);
  const project = openProject(ctx.projectPath);
  try {
    const result = await generateTake(project, ctx.params.takeId, ctx, { memoryLimitBytes: memoryLimit(engine.backend) });
    if (result.flopsPerSecond !== null) {
      try {
        recordMeasuredRate({ backend: engine.backend, flopsPerSecond: result.flopsPerSecond, preset: result.model.preset });
      } catch (error) {
        // A forecast is a nicety; a take that was generated must not fail for it.
        ctx.log('warn', `could not record the measured speed: ${messageOf(error)}`);
      }
    }
    return result;
  } finally {
    closeProject(project);
  }
}

registerRunner('generate', runGenerateJob, generateParams);
