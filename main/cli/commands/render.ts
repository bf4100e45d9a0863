/**
 * `longshot render PROJECT [--out FILE] [--take T] [--crf N] [--upscale K] [--filter F]`:
 * generates the project's storyboard (continuing an unfinished take, see
 * main/jobs/export/render-take.ts) and exports it, as jobs of a job host with an engine child
 * process, with a progress bar; Ctrl-C cancels within one step, and running it again resumes.
 *
 * `longshot render --from-export FILE.mp4 [--out FILE] [--dir DIR] [--model DIR] [--footage F]`:
 * reads the provenance of an export, recreates its project in DIR (settings, storyboard, seeds,
 * the model found by the hash of its weights and pinned in the new run, the footage it continued
 * imported again and checked frame for frame), generates the same takes on the same backend,
 * exports with the same settings, and checks that the frames are identical to the original's.
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isExportError } from '../../jobs/export/errors';
import { chooseRenderTake } from '../../jobs/export/render-take';
import { discardRecreated, readExportProvenance, recreateProject } from '../../jobs/export/rerender';
import type { GenerationResult } from '../../jobs/generation/loop';
import { createGeneration, createRetake, type QueuedTake } from '../../jobs/generation/takes';
import { memoryBudget } from '../../jobs/memory/budget';
import type { ExportJobResult } from '../../jobs/runners/export';
import { closeProject, defaultProjectsDir, getSettings, resolveProjectRef } from '../../project/index';
import { importRecordedFootage } from '../../services/footage-import';
import { CliError, type Command, type CommandArgs, type CommandIo } from '../command';
import { onePositional } from './data-options';
import { asJobParams, EXPORT_OPTIONS, exportParamsFrom, printExport, type ExportParamsInput } from './render-options';
import { RenderSession } from './render-session';
import { formatDuration } from './train-progress';

/** What a render made. */
export interface Rendered {
  generation: GenerationResult;
  export: ExportJobResult;
}

/** Prints the memory the video was made with: the last chunk's, and the dial's forecast. */
function printMemory(session: RenderSession, generation: GenerationResult, io: CommandIo): void {
  const { durationSec, memoryPreset } = getSettings(session.project.db);
  const last = generation.timings.at(-1);
  const forecast = memoryBudget({ modelPreset: generation.model.preset, memoryPreset, durationSec });
  const actual = last ? `${last.memoryTokens} memory tokens for the last chunk (history of ${last.historyFrames} frames); ` : '';
  io.out(`memory: ${actual}${forecast.tokens} tokens for all ${durationSec} s at ${memoryPreset} (${forecast.compressionRatio.toFixed(1)}x compression)`);
}

/** Generates the take render chooses (render-take.ts), then exports it with `params`. */
export async function renderTake(session: RenderSession, params: ExportParamsInput, io: CommandIo): Promise<Rendered> {
  const started = performance.now();
  const { take, pendingJobId, reason } = chooseRenderTake(session.project.db, params.takeId);
  session.say(`rendering ${reason}`);
  const generation = (pendingJobId === null
    ? await session.run('generate', { takeId: take.id }, 'generation')
    : await session.follow(pendingJobId, 'generation')) as GenerationResult;
  const kept = generation.chunkCount - generation.generated;
  session.say(`generated ${generation.generated} of ${generation.chunkCount} chunks${kept > 0 ? ` (${kept} were already made)` : ''} `
    + `with ${generation.model.path ?? `a random ${generation.model.preset} model`}`);
  const exported = printExport(io, await session.run('export', asJobParams({ ...params, takeId: take.id }), 'export'));
  printMemory(session, generation, io);
  io.out(`time: ${formatDuration((performance.now() - started) / 1000)}`);
  return { generation, export: exported };
}

async function renderProject(ref: string, args: CommandArgs, io: CommandIo): Promise<number> {
  const params = exportParamsFrom(args);
  const session = RenderSession.open(resolveProjectRef(ref), io);
  try {
    await renderTake(session, params, io);
    return 0;
  } finally {
    await session.close();
  }
}

async function renderFromExport(file: string, args: CommandArgs, io: CommandIo): Promise<number> {
  const started = performance.now();
  const provenance = await readExportProvenance(resolve(file));
  const parentDir = resolve(typeof args.values.dir === 'string' ? args.values.dir : defaultProjectsDir());
  mkdirSync(parentDir, { recursive: true });
  const modelDirs = typeof args.values.model === 'string' ? [resolve(args.values.model)] : [];
  const { project, model, pinned } = await recreateProject(provenance, { parentDir, modelDirs });
  let footageId: number | null = null;
  try {
    if (provenance.footage) {
      const source = typeof args.values.footage === 'string' ? resolve(args.values.footage) : provenance.footage.sourcePath;
      io.out(`footage: importing ${source} as the original did (${provenance.footage.fit}, ${provenance.footage.frameCount} frames)`);
      footageId = (await importRecordedFootage(project, provenance.footage, source, io.signal)).id;
    }
  } catch (error) {
    discardRecreated(project);
    throw error;
  }
  closeProject(project);
  io.out(`project: ${project.path}`);
  io.out(`model: ${model.id} (sha256 ${model.sha256.slice(0, 16)}...), backend ${provenance.engine.backend}`);
  const session = RenderSession.open(project.path, io, { command: 'longshot render --from-export', backend: provenance.engine.backend });
  try {
    const { db } = session.project;
    const steps = provenance.take.lineage;
    let previous: QueuedTake | undefined;
    for (const [i, step] of steps.entries()) {
      previous = previous === undefined
        ? createGeneration(db, { seed: step.seed, footageId, model: pinned })
        : createRetake(db, { runId: previous.run.id, parentTakeId: previous.take.id, fromChunk: step.fromChunk, seed: step.seed, captionOverrides: step.captionOverrides });
      session.say(`take ${i + 1} of ${steps.length}: seed ${step.seed}, from chunk ${step.fromChunk}`);
      await session.follow(session.host.enqueue(project.path, { kind: 'generate', params: previous.params }).id, `generation ${i + 1}/${steps.length}`);
    }
    const out = typeof args.values.out === 'string' ? resolve(args.values.out) : join(dirname(resolve(file)), basename(file).replace(/\.mp4$/i, '') + '.rerender.mp4');
    const { crf, fps, upscale, chapters } = provenance.export;
    const params = { ...exportParamsFrom(args), outPath: out, takeId: previous?.take.id, crf, fps, upscale, chapters } as ExportParamsInput;
    const exported = printExport(io, await session.run('export', asJobParams(params), 'export'));
    io.out(`time: ${formatDuration((performance.now() - started) / 1000)}`);
    if (exported.framesSha256 !== provenance.video.framesSha256) {
      throw new CliError(`the frames differ from the original's (sha256 ${exported.framesSha256} instead of ${provenance.video.framesSha256})`);
    }
    io.out(`identical: the frames match the original's (sha256 ${exported.framesSha256})`);
    return 0;
  } finally {
    await session.close();
  }
}

/** `longshot render`. */
export const renderCommand: Command = {
  path: ['render'],
  summary: 'Generate a project and export it (or re-render an export from its provenance)',
  positionals: 'PROJECT',
  options: {
    ...EXPORT_OPTIONS,
    'from-export': { type: 'string', value: 'FILE', description: 'Re-render the MP4 FILE from its provenance (instead of PROJECT)' },
    dir: { type: 'string', value: 'DIR', description: 'With --from-export: where to create the project (default: the projects folder)' },
    model: { type: 'string', value: 'DIR', description: 'With --from-export: a model folder to look in for the recorded weights' },
    footage: { type: 'string', value: 'FILE', description: 'With --from-export: the footage video it continued, when it is no longer where it was' },
  },
  async run(args, io) {
    const from = args.values['from-export'];
    try {
      if (typeof from === 'string') {
        if (args.positionals.length > 0) throw new CliError('render --from-export takes no PROJECT', 2);
        return await renderFromExport(from, args, io);
      }
      return await renderProject(onePositional(args, 'render', 'PROJECT (or --from-export FILE)'), args, io);
    } catch (error) {
      if (isExportError(error)) throw new CliError(`${error.message} [${error.code}]`, 2);
      throw error;
    }
  },
};
