/**
 * The export options `longshot render` and `longshot export` share, and their translation into
 * the params of an 'export' job (main/jobs/runners/export.ts).
 */
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { ExportJobResult, exportParams } from '../../jobs/runners/export';
import type { JsonValue } from '../../project/index';
import { CliError, type CommandArgs, type CommandIo, type OptionSpec } from '../command';
import { choiceOption, numberOption, optionalNumber } from './data-options';

const FILTERS = ['neighbor', 'lanczos', 'bicubic'] as const;

/** Options of an export. */
export const EXPORT_OPTIONS: Record<string, OptionSpec> = {
  out: { type: 'string', value: 'FILE', description: 'MP4 to write (default: PROJECT/media/exports/NAME-take-T.mp4)' },
  take: { type: 'string', value: 'T', description: 'Take to export (default: the current take of the newest run)' },
  crf: { type: 'string', value: 'N', description: 'H.264 quality, 0 (lossless) to 51 (default 18)' },
  upscale: { type: 'string', value: 'K', description: 'Integer upscale factor 1..8 (default 1)' },
  filter: { type: 'string', value: 'F', description: `Upscale filter: ${FILTERS.join(', ')} (default neighbor: crisp pixels)` },
  fps: { type: 'string', value: 'N', description: 'Output frame rate; frames are repeated or dropped (default: the video\'s)' },
  srt: { type: 'boolean', description: 'Write SubRip subtitles (FILE.srt) from the storyboard' },
  vtt: { type: 'boolean', description: 'Write WebVTT subtitles (FILE.vtt) from the storyboard' },
  'no-chapters': { type: 'boolean', description: 'Leave out the chapters (one per caption)' },
};

/** An export job's params, before defaults. */
export type ExportParamsInput = z.input<typeof exportParams>;

/** The export job params the options ask for; `takeId` is set by the caller when it knows it. */
export function exportParamsFrom(args: CommandArgs): ExportParamsInput {
  const filter = choiceOption(args, 'filter', FILTERS) ?? 'neighbor';
  const out = args.values.out;
  if (out !== undefined && (typeof out !== 'string' || !/\.mp4$/i.test(out))) {
    throw new CliError(`--out must name an .mp4 file, got '${String(out)}'`, 2);
  }
  const srt = args.values.srt === true;
  const vtt = args.values.vtt === true;
  const takeId = optionalNumber(args, 'take', { min: 1, max: Number.MAX_SAFE_INTEGER, whole: true });
  const fps = optionalNumber(args, 'fps', { min: 1, max: 120, whole: true });
  return {
    ...(out === undefined ? {} : { outPath: resolve(out) }),
    ...(takeId === undefined ? {} : { takeId }),
    crf: numberOption(args, 'crf', 18, { min: 0, max: 51, whole: true }),
    upscale: { factor: numberOption(args, 'upscale', 1, { min: 1, max: 8, whole: true }), filter },
    ...(fps === undefined ? {} : { fps }),
    subtitles: srt && vtt ? 'both' : srt ? 'srt' : vtt ? 'vtt' : 'none',
    chapters: args.values['no-chapters'] !== true,
  };
}

/** Params as the job queue stores them. */
export function asJobParams(params: ExportParamsInput): JsonValue {
  return params as unknown as JsonValue;
}

/** Prints what an export wrote. */
export function printExport(io: CommandIo, result: unknown): ExportJobResult {
  const done = result as ExportJobResult;
  io.out(`video: ${done.path} (${done.frames} frames, ${done.durationSec.toFixed(2)} s, ${(done.bytes / 1024).toFixed(1)} KiB)`);
  for (const file of done.subtitles) io.out(`subtitles: ${file}`);
  return done;
}
