/**
 * The 'export' job: one take to MP4 plus subtitles, chapters and provenance (export/export-take.ts),
 * in the engine process. Its params are the API's export settings (preload/api.ts
 * `exportSettings`: the file goes to the project's media/exports folder), or, from the CLI, an
 * absolute `outPath` anywhere. An export is short and writes its file atomically, so a job
 * started again after a crash simply exports again.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { initEngine } from '../../engine/backend';
import { closeProject, MEDIA_DIR, openProject, projectFolderName, PROJECT_EXTENSION } from '../../project/index';
import { exportedTake, exportTake, type ExportOutcome } from '../export/export-take';
import { registerRunner, type RunnerContext } from '../runners';

/** The params of an 'export' job. */
export const exportParams = z
  .strictObject({
    takeId: z.int().positive().optional(),
    crf: z.int().min(0).max(51).default(18),
    fps: z.int().min(1).max(120).optional(),
    upscale: z.strictObject({ factor: z.int().min(1).max(8), filter: z.enum(['neighbor', 'bicubic', 'lanczos']) }).optional(),
    subtitles: z.enum(['none', 'srt', 'vtt', 'both']).default('both'),
    chapters: z.boolean().default(true),
    /** A file name in the project's media/exports folder. */
    fileName: z.string().regex(/^[^/\\\0]{1,200}\.mp4$/, 'must be a file name ending in .mp4').optional(),
    /** An absolute path anywhere (the CLI's --out). */
    outPath: z.string().min(1).optional(),
  })
  .refine((p) => p.fileName === undefined || p.outPath === undefined, { message: 'give fileName or outPath, not both' });
/** One of exportParams (after defaults). */
export type ExportParams = z.output<typeof exportParams>;

/** What an export job returns (structured-cloneable). */
export interface ExportJobResult {
  exportId: number;
  takeId: number;
  path: string;
  subtitles: string[];
  frames: number;
  durationSec: number;
  bytes: number;
  framesSha256: string;
}

/** The folder of exports inside a project. */
export const EXPORTS_DIR = `${MEDIA_DIR}/exports`;

/** Runs one 'export' job. */
export async function runExportJob(ctx: RunnerContext<ExportParams>): Promise<ExportJobResult> {
  const { params } = ctx;
  const engine = await initEngine();
  const project = openProject(ctx.projectPath);
  try {
    const take = exportedTake(project, params.takeId);
    const name = projectFolderName(project.name).slice(0, -PROJECT_EXTENSION.length);
    const out = params.outPath ?? join(project.path, ...EXPORTS_DIR.split('/'), params.fileName ?? `${name}-take-${take.id}.mp4`);
    ctx.progress(0, 1, 'checking frames');
    const outcome: ExportOutcome = await exportTake(project, { ...params, takeId: take.id, out }, {
      backend: engine.backend,
      signal: ctx.signal,
      onProgress: ({ stage, done, total }) => ctx.progress(done, total, stage === 'checking' ? 'checking frames' : 'encoding'),
    });
    ctx.artifact('export', outcome.out);
    for (const file of outcome.subtitles) ctx.artifact('subtitles', file);
    return {
      exportId: outcome.record.id, takeId: take.id, path: outcome.out, subtitles: outcome.subtitles, frames: outcome.frames,
      durationSec: outcome.durationSec, bytes: outcome.bytes, framesSha256: outcome.provenance.video.framesSha256,
    };
  } finally {
    closeProject(project);
  }
}

registerRunner('export', runExportJob, exportParams);
