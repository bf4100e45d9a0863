/**
 * `npm run bench:engine`: runs the engine benchmark sections (each in its own file), prints one
 * table per section and writes everything, with the engine and host it ran on, to
 * bench-results/engine.json.
 *
 * Usage: tsx test/bench/engine.ts [SECTION...]   (default: all sections)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../main/engine/backend';
import { formatTable, withCeilingFractions, type BenchSection } from './engine-section';
import { kernelSection } from './engine-kernels';
import { modelSection } from './engine-model';

const SECTIONS: readonly BenchSection[] = [kernelSection, modelSection];

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const selected = SECTIONS.filter((section) => args.length === 0 || args.includes(section.name));
  const engine = await initEngine();
  console.log(`engine: ${engine.backend} on ${engine.device}, ${engine.threads} thread(s), SIMD ${String(engine.simd)}`);
  const results: Record<string, unknown> = {};
  for (const section of selected) {
    console.log(`\n== ${section.title}`);
    const live = tf.memory().numTensors;
    const rows = withCeilingFractions(await section.run((line) => console.log(`  ${line}`)));
    // A section that keeps tensors fills the wasm heap for the next one (issue 14): refuse it here.
    const kept = tf.memory().numTensors - live;
    if (kept !== 0) throw new Error(`section ${section.name} kept ${kept} tensors: every tensor a section makes must be freed`);
    console.log(formatTable(section, rows));
    results[section.name] = rows;
  }
  const file = path.join('bench-results', 'engine.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    engine,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg(), node: process.version },
    sections: results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
