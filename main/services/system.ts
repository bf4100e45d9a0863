/** system.*: what the app runs on, for the status bar and bug reports. */
import { cpus } from 'node:os';
import { locateFfmpeg } from '../media/ffmpeg-path';
import type { AreaServices } from './context';

function device(): string {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  return `${model} (${list.length} logical cores)`;
}

async function ffmpegInfo() {
  try {
    const found = await locateFfmpeg();
    return { found: true as const, path: found.path, version: found.version, source: found.source };
  } catch (error) {
    return { found: false as const, reason: error instanceof Error ? error.message : String(error) };
  }
}

export const system: AreaServices<'system'> = {
  async info(_input, ctx) {
    return {
      appVersion: ctx.appVersion,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      // The engine runs in its own process (engine.md), started with the first job; until then there is none.
      backend: ctx.jobs.engineInfo?.backend ?? null,
      device: device(),
      ffmpeg: await ffmpegInfo(),
    };
  },
};
