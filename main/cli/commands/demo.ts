/**
 * `npm run demo` (`longshot demo [--dir DIR]`): creates a project from the Storyworld storyboard
 * shipped in assets/demo/demo.json (20 s: a character walks off, the film cuts away, and the
 * character comes back), renders it with the default model on this machine's CPU (a randomly
 * initialised tiny model, with a notice, until the default model is installed), exports MP4 and
 * SRT, and prints the paths, the time taken and the memory-token count.
 *
 * The storyboard was written by `new StoryworldVideo(source).storyboard` with the `source` the
 * file records (test/export/demo.test.ts checks it still is). Its settings are the tiny preset's
 * native 64x64 at 8 fps with 8 sampling steps and no guidance (the default model's late, low-noise
 * steps are trained, and guidance amplified its errors: docs/model-quality.md), about 90 s on 2 cores;
 * the export is upscaled 4x with crisp pixels so that it can be watched.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { freeProjectName } from '../../jobs/export/rerender';
import { DEFAULT_MODEL_DIR } from '../../jobs/generation/model-source';
import { closeProject, createProject, defaultProjectsDir, MEMORY_PRESETS, rememberProject, replaceStoryboard, TRANSITIONS } from '../../project/index';
import { CliError, type Command } from '../command';
import { renderTake } from './render';
import { RenderSession } from './render-session';

/** The demo project file shipped with the app. */
export const DEMO_FILE = fileURLToPath(new URL('../../../assets/demo/demo.json', import.meta.url));

/** assets/demo/demo.json. */
export const demoSchema = z.object({
  format: z.literal('longshot-demo'),
  version: z.literal(1),
  name: z.string().min(1),
  description: z.string(),
  source: z.object({
    generator: z.literal('storyworld'), storyworldVersion: z.int(), seed: z.int().min(0),
    seconds: z.number().positive(), width: z.int().positive(), height: z.int().positive(), fps: z.number().positive(),
  }),
  settings: z.object({
    durationSec: z.number().positive(), fps: z.int().positive(), width: z.int().positive(), height: z.int().positive(),
    modelId: z.string().min(1), memoryPreset: z.enum(MEMORY_PRESETS), seed: z.int().min(0), samplingSteps: z.int().positive(), guidance: z.number().min(0),
  }),
  storyboard: z.array(z.object({ startSec: z.number().min(0), endSec: z.number().positive(), text: z.string().min(1), transition: z.enum(TRANSITIONS) })),
});

/** Reads the shipped demo (or another file of the same format). */
export function loadDemo(file = DEMO_FILE): z.output<typeof demoSchema> {
  const parsed = demoSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new CliError(`${file} is not a Longshot demo: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export const demoCommand: Command = {
  path: ['demo'],
  summary: 'Create and render the demo project (20 s Storyworld storyboard) on this machine',
  options: {
    dir: { type: 'string', value: 'DIR', description: 'Where to create the demo project (default: the projects folder)' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new CliError('demo takes no arguments', 2);
    const demo = loadDemo();
    const parentDir = resolve(typeof args.values.dir === 'string' ? args.values.dir : defaultProjectsDir());
    mkdirSync(parentDir, { recursive: true });
    const name = freeProjectName(parentDir, demo.name);
    const created = createProject(parentDir, name, demo.settings);
    try {
      replaceStoryboard(created.db, demo.storyboard);
      rememberProject(created.path, name);
    } finally {
      closeProject(created);
    }
    io.out(`project: ${created.path}`);
    io.out(`storyboard: ${demo.storyboard.length} captions over ${demo.settings.durationSec} s (${demo.description})`);
    if (!existsSync(resolve(DEFAULT_MODEL_DIR, CHECKPOINT_FILES.config))) {
      io.out(`notice: the default model is not installed in ${DEFAULT_MODEL_DIR}; the demo runs with a randomly initialised tiny model, so the frames show noise-like patterns, not the story`);
    }
    const session = RenderSession.open(created.path, io, { command: 'longshot demo' });
    try {
      await renderTake(session, { subtitles: 'srt', crf: 18, upscale: { factor: 4, filter: 'neighbor' }, chapters: true }, io);
      return 0;
    } finally {
      await session.close();
    }
  },
};
