/**
 * The memory inspector: what the compressed memory remembers of one moment. For a time on the
 * memory's timeline (the opening footage, then the generated video) it returns the original
 * frame, the frame retrieved from phi(H) (probe.ts), their difference (absolute, amplified 4x so
 * small errors show) and PSNR/SSIM between them. Images are PNGs in the project's media cache,
 * returned as project-relative media paths.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { initEngine } from '../../engine/backend';
import { writeFileAtomic } from '../../engine/checkpoint/atomic';
import { psnr } from '../../engine/metrics/psnr';
import { ssim } from '../../engine/metrics/ssim';
import { encodePng } from '../../media/png';
import type { ProjectFiles } from '../generation/chunk-store';
import { GenerationError } from '../generation/errors';
import { loadTakeHistory } from '../generation/history';
import { inspectionFile, projectFile } from '../generation/paths';
import { cachedModel } from './model-cache';
import { MemoryProbe } from './probe';
import { requireHistory, takeMemory } from './take-memory';

/** What the inspector shows for one moment. */
export interface MemoryInspection {
  takeId: number;
  timeSec: number;
  /** The history frame shown (footage frames first). */
  frame: number;
  /** Memory tokens phi(H) holds. */
  memoryTokens: number;
  originalPath: string;
  reconstructionPath: string;
  /** |original - reconstruction| x 4, clamped. */
  differencePath: string;
  psnr: number;
  ssim: number;
}

/** How much the difference image is amplified. */
export const DIFFERENCE_GAIN = 4;

/** |a - b| x DIFFERENCE_GAIN per channel, clamped to 255. */
export function differenceImage(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((value, i) => Math.min(255, Math.abs(value - (b[i] as number)) * DIFFERENCE_GAIN));
}

/** Inspects the memory of a take (the newest run's current take by default) at `timeSec`. */
export async function inspectMemory(project: ProjectFiles, timeSec: number, takeId?: number): Promise<MemoryInspection> {
  const memory = takeMemory(project, takeId);
  requireHistory(project, memory);
  const { take, plan } = memory;
  await initEngine();
  const loaded = cachedModel(plan.model, plan.memoryPreset);
  const history = loadTakeHistory(project, plan, take, loaded.config);
  const frame = Math.floor(timeSec * history.fps + 1e-9);
  if (frame >= history.frames.length) {
    throw new GenerationError('no_history', `the memory of take ${take.id} holds ${(history.frames.length / history.fps).toFixed(2)} s; `
      + `${timeSec} s is past its end`);
  }
  const probe = new MemoryProbe(loaded, history, take.seed);
  let retrieved;
  try {
    [retrieved] = await probe.retrieve([frame]);
  } finally {
    probe.dispose();
  }
  if (!retrieved) throw new GenerationError('no_history', `no frame retrieved at ${timeSec} s`);
  const original = history.frames[frame] as Uint8Array;
  const { width, height } = history.size;
  const write = (kind: 'original' | 'reconstruction' | 'difference', rgb: Uint8Array): string => {
    const path = inspectionFile(take, frame, kind);
    const file = projectFile(project, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, encodePng(rgb, width, height));
    return path;
  };
  const originalFrame = { width, height, data: original };
  return {
    takeId: take.id, timeSec, frame, memoryTokens: probe.tokens,
    originalPath: write('original', original),
    reconstructionPath: write('reconstruction', retrieved.rgb),
    differencePath: write('difference', differenceImage(original, retrieved.rgb)),
    psnr: psnr(originalFrame, retrieved.exact),
    ssim: ssim(originalFrame, retrieved.exact),
  };
}
