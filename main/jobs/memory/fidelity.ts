/**
 * Computing a fidelity strip: retrieval at `points` evenly spaced history frames, in batches, each
 * scored by PSNR and SSIM and beside the mean-frame baseline; stored with fidelity-store.ts.
 * Where the strip dips, the memory is weak (an over-compressed stretch, a busy scene).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../engine/checkpoint/atomic';
import { meanFrame } from '../../engine/metrics/frame';
import { psnr } from '../../engine/metrics/psnr';
import { ssim } from '../../engine/metrics/ssim';
import type { RunnerContext } from '../runners';
import type { ProjectFiles } from '../generation/chunk-store';
import { loadTakeHistory } from '../generation/history';
import { loadPlannedModel } from '../generation/model-source';
import { fidelityFile, projectFile } from '../generation/paths';
import type { FidelityStrip } from './fidelity-store';
import { MemoryProbe } from './probe';
import { requireHistory, takeMemory } from './take-memory';

/** How a strip is computed. */
export interface FidelityOptions {
  takeId?: number;
  /** Frames scored (fewer if the history is shorter); default 32. */
  points?: number;
  /** Frames retrieved per batch; default 8. */
  batch?: number;
}

/** `count` frame indices spread evenly over [0, frames), first and last included. */
export function evenFrames(frames: number, count: number): number[] {
  const n = Math.min(count, frames);
  if (n <= 1) return frames > 0 ? [0] : [];
  return Array.from({ length: n }, (_, i) => Math.round((i * (frames - 1)) / (n - 1)));
}

const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Computes and stores the fidelity strip of a take; progress counts batches. */
export async function computeFidelityStrip(project: ProjectFiles, options: FidelityOptions, reporter: Pick<RunnerContext, 'progress' | 'throwIfCancelled'>): Promise<FidelityStrip> {
  const memory = takeMemory(project, options.takeId);
  requireHistory(project, memory);
  const { take, plan } = memory;
  const loaded = loadPlannedModel(plan.model, plan.memoryPreset);
  try {
    const history = loadTakeHistory(project, plan, take, loaded.config);
    const frames = evenFrames(history.frames.length, options.points ?? 32);
    const { width, height } = history.size;
    const originals = history.frames.map((data) => ({ width, height, data }));
    const mean = meanFrame(originals);
    const batch = Math.max(1, options.batch ?? 8);
    const batches = Math.ceil(frames.length / batch);
    const probe = new MemoryProbe(loaded, history, take.seed);
    const points: FidelityStrip['points'] = [];
    try {
      reporter.progress(0, batches);
      for (let b = 0; b < batches; b++) {
        reporter.throwIfCancelled();
        for (const got of await probe.retrieve(frames.slice(b * batch, (b + 1) * batch))) {
          const original = originals[got.frame] as (typeof originals)[number];
          points.push({
            timeSec: got.frame / history.fps, frame: got.frame,
            psnr: psnr(original, got.exact), ssim: ssim(original, got.exact), meanFramePsnr: psnr(original, mean),
          });
        }
        reporter.progress(b + 1, batches);
      }
    } finally {
      probe.dispose();
    }
    const strip: FidelityStrip = {
      takeId: take.id, runId: take.runId, fps: history.fps, historyFrames: history.frames.length, footageFrames: history.footageFrames,
      memoryTokens: probe.tokens, points, meanPsnr: average(points.map((p) => p.psnr)),
      meanFramePsnr: average(points.map((p) => p.meanFramePsnr)), createdAt: new Date().toISOString(),
    };
    const file = projectFile(project, fidelityFile(take));
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, Buffer.from(`${JSON.stringify(strip, null, 2)}\n`));
    return strip;
  } finally {
    loaded.model.dispose();
  }
}
