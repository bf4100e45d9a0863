/**
 * `longshot data preview --data DIR --video K --out FILE.mp4 [--scale 4]`: one dataset video
 * as an MP4 with its storyboard as FILE.srt beside it (and a chapter per shot), for a person to
 * watch.
 */
import { CliError, type Command } from '../command';
import { isMediaError } from '../../media/errors';
import { writePreviewMp4 } from '../../data/index';
import { numberOption, openVideo, stringOption } from './data-options';

export const dataPreviewCommand: Command = {
  path: ['data', 'preview'],
  summary: 'Write one dataset video as an MP4 with its captions as an .srt beside it',
  options: {
    data: { type: 'string', value: 'DIR', description: 'Dataset folder (required)' },
    video: { type: 'string', value: 'K', description: 'Video index from 0, or its id (required)' },
    out: { type: 'string', value: 'FILE.mp4', description: 'MP4 to write (required)' },
    scale: { type: 'string', value: 'N', description: 'Whole-number upscale without smoothing; default 4' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (!/\.mp4$/i.test(out)) throw new CliError('--out must end in .mp4', 2);
    const scale = numberOption(args, 'scale', 4, { min: 1, max: 8, whole: true });
    const { video } = openVideo(args);
    try {
      const result = await writePreviewMp4(video, out, { scale, signal: io.signal });
      io.out(`wrote ${result.mp4} (${video.file.frameCount} frames, ${Math.round(result.bytes / 1024)} KiB) and ${result.srt}`);
      return 0;
    } catch (error) {
      if (isMediaError(error, 'cancelled')) throw new CliError('preview cancelled', 130);
      if (isMediaError(error)) throw new CliError(`cannot write ${out}: ${error.message} [${error.code}]`);
      throw error;
    }
  },
};
