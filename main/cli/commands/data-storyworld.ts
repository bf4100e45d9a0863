/**
 * `longshot data storyworld --videos N --seconds S --out DIR [--width 64 --height 64 --fps 8
 * --seed 1 --force]`: writes a Storyworld dataset with a progress line per video (at most about
 * twenty lines). Interrupted runs resume when run again with the same options.
 */
import type { Command } from '../command';
import { writeStoryworldDataset } from '../../data/index';
import { datasetFailure, numberOption, stringOption } from './data-options';

/** `longshot data storyworld`. */
export const dataStoryworldCommand: Command = {
  path: ['data', 'storyworld'],
  summary: 'Generate a Storyworld training dataset (procedural videos with storyboards and ground truth)',
  options: {
    videos: { type: 'string', value: 'N', description: 'Number of videos (required)' },
    seconds: { type: 'string', value: 'S', description: 'Length of each video in seconds, at least 9 (required)' },
    out: { type: 'string', value: 'DIR', description: 'Dataset folder to write (required)' },
    width: { type: 'string', value: 'PX', description: 'Frame width; default 64' },
    height: { type: 'string', value: 'PX', description: 'Frame height; default 64' },
    fps: { type: 'string', value: 'FPS', description: 'Frames per second; default 8' },
    seed: { type: 'string', value: 'N', description: 'Dataset seed (videos and split); default 1' },
    force: { type: 'boolean', description: 'Replace a finished dataset in DIR' },
  },
  async run(args, io) {
    const videos = numberOption(args, 'videos', undefined, { min: 1, max: 1_000_000, whole: true });
    const seconds = numberOption(args, 'seconds', undefined, { min: 9, max: 86_400 });
    const width = numberOption(args, 'width', 64, { min: 16, max: 4096, whole: true });
    const height = numberOption(args, 'height', 64, { min: 16, max: 4096, whole: true });
    const fps = numberOption(args, 'fps', 8, { min: 1, max: 120 });
    const seed = numberOption(args, 'seed', 1, { min: 0, max: Number.MAX_SAFE_INTEGER, whole: true });
    const dir = stringOption(args, 'out');
    const every = Math.max(1, Math.ceil(videos / 20));
    const started = performance.now();
    io.out(`Storyworld: ${videos} videos x ${seconds} s at ${width}x${height}, ${fps} fps, seed ${seed} -> ${dir}`);
    try {
      const file = await writeStoryworldDataset({
        dir, videos, seconds, width, height, fps, seed,
        force: args.values.force === true,
        signal: io.signal,
        onProgress: (p) => {
          if (p.done % every !== 0 && p.done !== p.total) return;
          const rate = p.framesPerSecond > 0 ? `${Math.round(p.framesPerSecond)} frames/s, eta ${Math.ceil(p.etaSeconds)} s` : 'kept from an earlier run';
          io.out(`  ${p.done}/${p.total} ${p.id}${p.kept ? ' (kept)' : ''}  ${rate}`);
        },
      });
      const frames = file.videos.reduce((n, v) => n + v.frameCount, 0);
      const elapsed = (performance.now() - started) / 1000;
      io.out(`wrote ${file.videos.length} videos, ${frames} frames, in ${elapsed.toFixed(1)} s (${Math.round(frames / Math.max(elapsed, 1e-3))} frames/s)`);
      return 0;
    } catch (error) {
      return datasetFailure(error);
    }
  },
};
