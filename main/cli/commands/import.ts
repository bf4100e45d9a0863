/**
 * `longshot import FILE --project P [--fit crop|letterbox] [--max-seconds S] [--caption TEXT]`:
 * decodes footage into a project (see main/services/footage-import.ts), printing a progress line
 * every 10 %, and records what happens in the clip (its caption for fine-tuning) when given.
 * Ctrl-C stops ffmpeg, removes the partial frame file and exits with 130.
 */
import { captionFootage, closeProject, FITS, MAX_FOOTAGE_CAPTION, resolveProjectRef } from '../../project/index';
import { CliError, type Command } from '../command';
import { importFootage } from '../../services/footage-import';
import { choiceOption, mediaFailure, onePositional, optionalNumber, stringOption } from './data-options';
import { openForWriting } from './open-writer';

/** `longshot import`. */
export const importCommand: Command = {
  path: ['import'],
  summary: 'Import footage into a project (decoded to the project size and frame rate)',
  positionals: 'FILE',
  options: {
    project: { type: 'string', value: 'P', description: 'Project folder or name (required)' },
    fit: { type: 'string', value: 'MODE', description: 'crop (fill the frame) or letterbox (fit inside, black bars); default crop' },
    'max-seconds': { type: 'string', value: 'S', description: 'Import only the first S seconds' },
    caption: { type: 'string', value: 'TEXT', description: 'What happens in the clip: its caption when fine-tuning on the project\'s footage' },
  },
  async run(args, io) {
    const file = onePositional(args, 'import', 'FILE');
    const projectRef = stringOption(args, 'project');
    const fit = choiceOption(args, 'fit', FITS) ?? 'crop';
    const maxSeconds = optionalNumber(args, 'max-seconds', { positive: true });
    const caption = args.values.caption === undefined ? undefined : String(args.values.caption).trim();
    // Checked before decoding, so a bad caption costs nothing.
    if (caption !== undefined && caption.length > MAX_FOOTAGE_CAPTION) throw new CliError(`--caption is longer than ${MAX_FOOTAGE_CAPTION} characters`, 2);
    const project = openForWriting(resolveProjectRef(projectRef), 'longshot import', io.out);
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
      if (caption !== undefined) captionFootage(project.db, footage.id, caption);
      io.out(
        `imported footage #${footage.id}: ${footage.frameCount} frames, ${footage.width}x${footage.height} at ${footage.fps} fps -> ${footage.framesPath}`,
      );
      return 0;
    } catch (error) {
      return mediaFailure(error, 'import', `cannot import ${file}`);
    } finally {
      closeProject(project);
    }
  },
};
