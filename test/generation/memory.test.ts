// Memory: imported footage as the opening memory, the inspector (original, retrieved, difference,
// PSNR/SSIM), the fidelity strip job, a flat tensor count from chunk to chunk, and the budget
// forecast before and after a measured generation.
import { mkdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resizeFrames, retimeFrames } from '../../main/jobs/generation/frames';
import { generateTake } from '../../main/jobs/generation/loop';
import { projectFile } from '../../main/jobs/generation/paths';
import { createGeneration } from '../../main/jobs/generation/takes';
import { JobHost, inProcessEngine } from '../../main/jobs/index';
import { memoryBudget } from '../../main/jobs/memory/budget';
import { readFidelityStrip } from '../../main/jobs/memory/fidelity-store';
import { differenceImage, inspectMemory } from '../../main/jobs/memory/inspect';
import { releaseCachedModel } from '../../main/jobs/memory/model-cache';
import { FrameFileWriter } from '../../main/media/frame-file';
import { encodePng } from '../../main/media/png';
import { addFootage, getTake, listChunks, type Project } from '../../main/project/index';
import { generationSandbox, GENERATION_RUNNERS } from './helpers';

let sandbox: Awaited<ReturnType<typeof generationSandbox>>;
let host: JobHost;
let project: Project;
let takeId: number;
/** Six frames of footage: a gradient whose brightness steps up, 16x16. */
const footage = Array.from({ length: 6 }, (_, t) => Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 3 + t * 40) % 256));

const quiet = { throwIfCancelled: () => undefined, progress: () => undefined, preview: () => undefined, artifact: () => undefined, log: () => undefined };

beforeAll(async () => {
  sandbox = await generationSandbox();
  host = new JobHost({ engine: inProcessEngine({ runnerModules: GENERATION_RUNNERS }), progressWriteMs: 20 });
  project = sandbox.project('Memory', 2);
  host.attach(project);
  mkdirSync(projectFile(project, 'media/footage'), { recursive: true });
  const writer = new FrameFileWriter(projectFile(project, 'media/footage/clip.frames'), { width: 16, height: 16, fps: 4 });
  for (const frame of footage) writer.write(frame);
  writer.close();
  addFootage(project.db, { sourcePath: '/clips/clip.mp4', framesPath: 'media/footage/clip.frames', frameCount: 6, fps: 4, width: 16, height: 16, fit: 'crop' });
});

afterAll(async () => {
  releaseCachedModel();
  await host.close();
  sandbox.dispose();
});

describe('footage as opening memory', () => {
  it('starts the memory with every footage frame, and keeps the tensor count flat from chunk to chunk', async () => {
    expect(memoryBudget({ modelPreset: 'tiny', memoryPreset: '4x4x2', durationSec: 10 }).timeBasis).toBe('assumed');
    const take = createGeneration(project.db, { seed: 8 }).take;
    takeId = take.id;
    const counts: number[] = [];
    const result = await generateTake(project, take.id, { ...quiet, signal: new AbortController().signal }, {
      onChunk: () => counts.push(tf.memory().numTensors),
    });
    expect(result.generated).toBe(4);
    expect(result.timings.map((t) => t.historyFrames)).toEqual([6, 8, 10, 12]);
    expect(new Set(counts).size).toBe(1);
    expect(listChunks(project.db, take.id).map((c) => c.frameStart)).toEqual([0, 2, 4, 6]);
  });
});

describe('footage of another size or rate', () => {
  it('is retimed to the model\'s rate, keeping its duration and order', () => {
    const ten = Array.from({ length: 20 }, (_, i) => i); // 2 s at 10 fps
    const eight = retimeFrames(ten, 10, 8);
    expect(eight).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18]); // 2 s at 8 fps
    expect(retimeFrames([0, 1, 2, 3], 4, 8)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(retimeFrames(ten, 10, 10)).toEqual(ten);
    expect(retimeFrames([], 10, 8)).toEqual([]);
  });

  it('is resampled to the model size, a flat frame staying flat', () => {
    const flat = new Uint8Array(32 * 24 * 3).fill(77);
    const [resized] = resizeFrames([flat], { width: 32, height: 24 }, { width: 16, height: 16 });
    expect(resized).toHaveLength(16 * 16 * 3);
    expect(new Set(resized)).toEqual(new Set([77]));
    expect(resizeFrames([flat], { width: 32, height: 24 }, { width: 32, height: 24 })[0]).toBe(flat);
  });
});

describe('the memory inspector', () => {
  it('shows the original frame, the retrieved one, their difference and scores', async () => {
    const seen = await inspectMemory(project, 0.25, takeId);
    expect(seen).toMatchObject({ takeId, frame: 1, timeSec: 0.25 });
    // 2x2x2 over a 4x4 token grid: 4 tokens per 2 frames; 6 footage + 8 generated frames.
    expect(seen.memoryTokens).toBe(28);
    const original = readFileSync(projectFile(project, seen.originalPath));
    expect(original.equals(encodePng(footage[1] as Uint8Array, 16, 16))).toBe(true);
    for (const path of [seen.reconstructionPath, seen.differencePath]) {
      const png = readFileSync(projectFile(project, path));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([16, 16]);
    }
    expect(Number.isFinite(seen.psnr)).toBe(true);
    expect(seen.psnr).toBeGreaterThan(0);
    expect(seen.ssim).toBeGreaterThan(-1);
    expect(seen.ssim).toBeLessThanOrEqual(1);
    expect(await inspectMemory(project, 0.25, takeId)).toEqual(seen);
  });

  it('reaches generated frames too, and refuses times past the memory or an empty one', async () => {
    const late = await inspectMemory(project, 3.4, takeId);
    expect(late.frame).toBe(13);
    await expect(inspectMemory(project, 3.5, takeId)).rejects.toMatchObject({ code: 'no_history' });
    const empty = sandbox.project('Empty');
    createGeneration(empty.db, { seed: 1, footageId: null });
    await expect(inspectMemory(empty, 0)).rejects.toMatchObject({ code: 'no_history' });
  });

  it('amplifies differences 4x and clamps them', () => {
    expect(Array.from(differenceImage(Uint8Array.from([10, 200, 0]), Uint8Array.from([12, 100, 0])))).toEqual([8, 255, 0]);
  });
});

describe('the fidelity strip', () => {
  it('scores evenly spaced frames of the memory beside the mean frame, and stores the strip', async () => {
    const job = host.enqueue(project.path, { kind: 'fidelity', params: { takeId, points: 5 } });
    expect((await host.waitFor(project.path, job.id)).status).toBe('done');
    const strip = readFidelityStrip(project, getTake(project.db, takeId));
    expect(strip).not.toBeNull();
    expect(strip?.points.map((p) => p.frame)).toEqual([0, 3, 7, 10, 13]);
    expect(strip?.points.map((p) => p.timeSec)).toEqual([0, 0.75, 1.75, 2.5, 3.25]);
    expect(strip).toMatchObject({ historyFrames: 14, footageFrames: 6, memoryTokens: 28 });
    for (const point of strip?.points ?? []) expect(Number.isFinite(point.psnr) && Number.isFinite(point.meanFramePsnr)).toBe(true);
    const inspected = await inspectMemory(project, 0.75, takeId);
    expect(inspected.psnr).toBeCloseTo(strip?.points[1]?.psnr ?? 0, 5);
  });
});

describe('the memory budget', () => {
  it('counts tokens, estimates memory and forecasts time from the last measured generation', async () => {
    const take = createGeneration(project.db, { seed: 9 }).take;
    const job = host.enqueue(project.path, { kind: 'generate', params: { takeId: take.id } });
    expect((await host.waitFor(project.path, job.id)).status).toBe('done');
    const budget = memoryBudget({ modelPreset: 'tiny', memoryPreset: '4x4x2', durationSec: 10 });
    // engine.md: 10 s of tiny at 4x4x2 is 160 memory tokens standing for 5,120 generator tokens.
    expect(budget).toMatchObject({ tokens: 160, historyTokens: 5120, compressionRatio: 32, timeBasis: 'measured' });
    const finer = memoryBudget({ modelPreset: 'tiny', memoryPreset: '2x2x1', durationSec: 10 });
    expect(finer.tokens).toBe(1280);
    expect(finer.secondsPerChunk).toBeGreaterThan(budget.secondsPerChunk);
    expect(finer.estimatedBytes).toBeGreaterThan(budget.estimatedBytes);
    expect(budget.totalSeconds).toBeCloseTo(budget.secondsPerChunk * 40, 6);
    const fewerSteps = memoryBudget({ modelPreset: 'tiny', memoryPreset: '4x4x2', durationSec: 10, samplingSteps: 1, guidance: 1 });
    expect(fewerSteps.totalSeconds).toBeLessThan(budget.totalSeconds / 4);
  });
});
