/**
 * `longshot import FILE --project P [--fit crop|letterbox] [--max-seconds S]`: decodes footage
 * into a project (see main/services/footage-import.ts), printing a progress line every 10 %.
 * Ctrl-C stops ffmpeg, removes the partial frame file and exits with 130.
 */
import { CliError, type Command } from '../command';
import { isMediaError } from '../../media/index';
import { closeProject, FITS, openProject, resolveProjectRef, type Fit } from '../../project/index';
import { importFootage } from '../../services/footage-import';

function fitOption(raw: unknown): Fit {
  if (raw === undefined) return 'crop';
  const fit = FITS.find((f) => f === raw);
  if (!fit) throw new CliError(`--fit must be one of ${FITS.join(', ')}, got '${String(raw)}'`, 2);
  return fit;
}

function secondsOption(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!(value > 0)) throw new CliError(`--max-seconds must be a positive number, got '${String(raw)}'`, 2);
  return value;
}

export const importCommand: Command = {
  path: ['import'],
  summary: 'Import footage into a project (decoded to the project size and frame rate)',
  positionals: 'FILE',
  options: {
    project: { type: 'string', value: 'P', description: 'Project folder or name (required)' },
    fit: { type: 'string', value: 'MODE', description: 'crop (fill the frame) or letterbox (fit inside, black bars); default crop' },
    'max-seconds': { type: 'string', value: 'S', description: 'Import only the first S seconds' },
  },
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined || extra.length > 0) throw new CliError('import takes exactly one FILE', 2);
    if (typeof args.values.project !== 'string') throw new CliError('import needs --project P', 2);
    const fit = fitOption(args.values.fit);
    const maxSeconds = secondsOption(args.values['max-seconds']);
    const project = openProject(resolveProjectRef(args.values.project));
    let reported = -1;
    try {
      io.out(`importing ${file} into ${project.path} (${fit})`);
      const footage = await importFootage(project, file, {
        fit,
        maxSeconds,
        signal: io.signal,
        onProgress: ({ frames, fraction }) => {
          const decile = fraction === null ? Math.floor(frames / 100) : Math.floor(fraction * 10);
          if (decile === reported) return;
          reported = decile;
          io.out(fraction === null ? `  ${frames} frames` : `  ${Math.round(fraction * 100)}% (${frames} frames)`);
        },
      });
      io.out(
        `imported footage #${footage.id}: ${footage.frameCount} frames, ${footage.width}x${footage.height} at ${footage.fps} fps -> ${footage.framesPath}`,
      );
      return 0;
    } catch (error) {
      if (isMediaError(error, 'cancelled')) throw new CliError('import cancelled', 130);
      if (isMediaError(error)) throw new CliError(`cannot import ${file}: ${error.message} [${error.code}]`);
      throw error;
    } finally {
      closeProject(project);
    }
  },
};
