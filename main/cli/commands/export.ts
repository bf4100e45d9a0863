/**
 * `longshot export PROJECT [--take T] [--out FILE] [--srt] [--vtt] [--crf N] [--upscale K]`:
 * exports a generated take as an 'export' job (MP4 with chapters and provenance, subtitles on
 * request), without generating anything. Ctrl-C cancels and leaves no partial file.
 */
import { resolveProjectRef } from '../../project/index';
import type { Command } from '../command';
import { onePositional } from './data-options';
import { asJobParams, EXPORT_OPTIONS, exportParamsFrom, printExport } from './render-options';
import { RenderSession } from './render-session';

export const exportCommand: Command = {
  path: ['export'],
  summary: 'Export a generated take to MP4 (+ subtitles, chapters, provenance)',
  positionals: 'PROJECT',
  options: EXPORT_OPTIONS,
  async run(args, io) {
    const ref = onePositional(args, 'export', 'PROJECT');
    const params = exportParamsFrom(args);
    const session = RenderSession.open(resolveProjectRef(ref), io, { command: 'longshot export' });
    try {
      printExport(io, await session.run('export', asJobParams(params), 'export'));
      return 0;
    } finally {
      await session.close();
    }
  },
};
