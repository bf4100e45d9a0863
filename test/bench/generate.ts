/**
 * `npm run bench:generate`: seconds per generated frame and per chunk of the `tiny` preset on this
 * machine, split into memory encoding (phi(H)), sampling (every sampler step) and I/O (frames
 * file, chunk row, preview), as the history grows from 0 to 20 s; once with the frame-preserving
 * memory (pfp, 4x4x2) and once with the `none` baseline (recent-frame window only). The real
 * generation loop runs on a temporary project with randomly initialised weights (speed does not
 * depend on the values). Times are CPU time of this process (the machine is shared; wall time is
 * shown too). Beside each row, an estimate of the same chunk with the history kept
 * uncompressed (every frame as generator tokens) at the measured rate, which is what compression
 * saves. Prints a table and writes bench-results/generate.json.
 *
 * Usage: tsx test/bench/generate.ts [SECONDS]   (default 20)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initEngine } from '../../main/engine/backend';
import type { MemoryVariant } from '../../main/engine/model/config';
import { forwardFlops } from '../../main/engine/model/cost';
import { VideoModel } from '../../main/engine/model/model';
import { presetConfig } from '../../main/engine/presets';
import { generateTake, type ChunkTiming } from '../../main/jobs/generation/loop';
import type { LoadedModel } from '../../main/jobs/generation/model-source';
import { chunkFlops } from '../../main/jobs/generation/rates';
import { createGeneration } from '../../main/jobs/generation/takes';
import { addCaption, closeProject, createProject } from '../../main/project/index';

const STEPS = 4;
const GUIDANCE = 2;
const RATE = '4x4x2';

/** The tiny preset with a memory variant, as the loop's LoadedModel. */
function tinyModel(variant: MemoryVariant): LoadedModel {
  const base = presetConfig('tiny');
  const config = { ...base, memory: { ...base.memory, variant, compression: RATE } } as const;
  return { model: new VideoModel(config, 1), config, description: { source: 'random', path: null, preset: 'tiny', sha256: null }, warnings: [] };
}

/** Generates `seconds` of video with `loaded` in a fresh project; returns each chunk's timing. */
async function timeGeneration(root: string, name: string, loaded: LoadedModel, seconds: number): Promise<ChunkTiming[]> {
  const project = createProject(root, name, {
    durationSec: seconds, fps: 8, width: 64, height: 64, modelId: 'random:tiny', memoryPreset: RATE, samplingSteps: STEPS, guidance: GUIDANCE,
  });
  try {
    addCaption(project.db, { startSec: 0, endSec: seconds, text: 'a red ball rolls left' });
    const { take } = createGeneration(project.db, { seed: 1, footageId: null });
    const reporter = {
      signal: new AbortController().signal, throwIfCancelled: () => undefined, progress: () => undefined,
      preview: () => undefined, artifact: () => undefined, log: () => undefined,
    };
    return (await generateTake(project, take.id, reporter, { model: loaded })).timings;
  } finally {
    closeProject(project);
  }
}

/** One table row: the chunks around one history length (medians, so one disturbed chunk does not decide it). */
interface Row {
  variant: MemoryVariant;
  historySec: number;
  memoryTokens: number;
  /** CPU time of each phase (see ChunkTiming.cpu), ms. */
  encodeMs: number;
  sampleMs: number;
  ioMs: number;
  /** CPU seconds per chunk and per frame, and the wall seconds per chunk it took on this (shared) machine. */
  chunkSec: number;
  frameSec: number;
  wallChunkSec: number;
  /** Counted FLOPs over CPU time of encoding and sampling. */
  gflopPerSec: number;
  /** The same chunk with the whole history kept uncompressed (every frame as generator tokens) at that rate: an estimate. */
  uncompressedChunkSec: number;
}

/** Counted FLOPs of a chunk if every history frame were kept as full generator tokens (given as the window). */
function uncompressedFlops(loaded: LoadedModel, historyFrames: number): number {
  const config = { ...loaded.config, memory: { ...loaded.config.memory, variant: 'none' as const } };
  const flops = forwardFlops(config, { historyFrames: 0, targetFrames: config.video.chunkFrames, windowFrames: historyFrames });
  return flops.text * 2 + flops.generator * 2 * STEPS;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function summarise(variant: MemoryVariant, loaded: LoadedModel, timings: readonly ChunkTiming[], atSeconds: readonly number[]): Row[] {
  const { fps, chunkFrames } = loaded.config.video;
  return atSeconds.map((sec) => {
    const centre = timings.reduce((best, t, i) =>
      (Math.abs(t.historyFrames / fps - sec) < Math.abs((timings[best] as ChunkTiming).historyFrames / fps - sec) ? i : best), 0);
    const near = timings.slice(Math.max(0, centre - 2), centre + 3);
    const at = timings[centre] as ChunkTiming;
    const med = (pick: (t: ChunkTiming) => number): number => median(near.map(pick));
    const computeSec = med((t) => t.cpu.encodeMs + t.cpu.sampleMs) / 1000;
    const rate = chunkFlops(loaded.config, at.historyFrames, STEPS, GUIDANCE).total / computeSec;
    const chunkSec = med((t) => t.cpu.encodeMs + t.cpu.sampleMs + t.cpu.ioMs) / 1000;
    return {
      variant, historySec: at.historyFrames / fps, memoryTokens: at.memoryTokens,
      encodeMs: med((t) => t.cpu.encodeMs), sampleMs: med((t) => t.cpu.sampleMs), ioMs: med((t) => t.cpu.ioMs),
      chunkSec, frameSec: chunkSec / chunkFrames, wallChunkSec: med((t) => t.encodeMs + t.sampleMs + t.ioMs) / 1000,
      gflopPerSec: rate / 1e9, uncompressedChunkSec: uncompressedFlops(loaded, at.historyFrames) / rate,
    };
  });
}

function table(rows: readonly Row[]): string {
  const head = ['variant', 'history s', 'mem tokens', 'encode ms', 'sample ms', 'I/O ms', 's/chunk', 's/frame', 'wall s/chunk', 'GFLOP/s', 'uncompressed s/chunk (est.)'];
  const body = rows.map((r) => [
    r.variant, r.historySec.toFixed(2), r.memoryTokens.toFixed(0), r.encodeMs.toFixed(0), r.sampleMs.toFixed(0), r.ioMs.toFixed(1),
    r.chunkSec.toFixed(3), r.frameSec.toFixed(3), r.wallChunkSec.toFixed(3), r.gflopPerSec.toFixed(1), r.uncompressedChunkSec.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  return [head, ...body].map((row) => row.map((cell, i) => cell.padStart(widths[i] as number)).join('  ')).join('\n');
}

async function main(args: string[]): Promise<number> {
  const seconds = args[0] === undefined ? 20 : Number(args[0]);
  if (!(seconds >= 1 && seconds <= 600)) {
    console.error(`SECONDS must be from 1 to 600, got '${args[0]}'`);
    return 2;
  }
  const engine = await initEngine();
  console.log(`engine: ${engine.backend} on ${engine.device}, ${engine.threads} thread(s); tiny at ${RATE}, ${STEPS} steps, guidance ${GUIDANCE}`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'longshot-bench-generate-'));
  process.env.LONGSHOT_HOME = path.join(root, 'home');
  const at = [0, seconds / 8, seconds / 4, seconds / 2, (3 * seconds) / 4, seconds].map((s) => Math.round(s * 4) / 4);
  const results: Record<string, { timings: ChunkTiming[]; rows: Row[]; wallSec: number }> = {};
  try {
    // Warm-up: the first call of every kernel compiles and allocates; it must not count as history 0.
    const warm = tinyModel('pfp');
    await timeGeneration(root, 'warmup', warm, 1);
    warm.model.dispose();
    for (const variant of ['pfp', 'none'] as const) {
      const loaded = tinyModel(variant);
      const started = performance.now();
      const timings = await timeGeneration(root, variant, loaded, seconds);
      const wallSec = (performance.now() - started) / 1000;
      loaded.model.dispose();
      results[variant] = { timings, rows: summarise(variant, loaded, timings, at), wallSec };
      console.log(`${variant}: ${timings.length} chunks in ${wallSec.toFixed(1)} s`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const rows = Object.values(results).flatMap((r) => r.rows);
  console.log(`\n${table(rows)}`);
  const pfp = results.pfp?.rows ?? [];
  const first = pfp[1];
  const last = pfp.at(-1);
  if (first && last) {
    console.log(`\npfp from ${first.historySec.toFixed(1)} s to ${last.historySec.toFixed(1)} s of history: memory tokens `
      + `${first.memoryTokens.toFixed(0)} -> ${last.memoryTokens.toFixed(0)}, CPU time per chunk x${(last.chunkSec / first.chunkSec).toFixed(2)}, `
      + `encoding ${(last.encodeMs / (last.chunkSec * 10)).toFixed(1)}% of it (history x${(last.historySec / first.historySec).toFixed(1)}; `
      + `kept uncompressed, estimated x${(last.uncompressedChunkSec / first.uncompressedChunkSec).toFixed(1)})`);
  }
  const file = path.join('bench-results', 'generate.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    engine,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg(), node: process.version },
    settings: { preset: 'tiny', rate: RATE, steps: STEPS, guidance: GUIDANCE, seconds },
    variants: results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
