/**
 * `longshot data preview --data DIR --video K --out FILE.mp4 [--scale 4]`: one dataset video
 * as an MP4 with its storyboard as FILE.srt beside it (and a chapter per shot), for a person to
 * watch.
 */
import { CliError, type Command } from '../command';
import { writePreviewMp4 } from '../../data/index';
import { mediaFailure, numberOption, openVideo, stringOption, VIDEO_OPTIONS } from './data-options';

/** `longshot data preview`. */
export const dataPreviewCommand: Command = {
  path: ['data', 'preview'],
  summary: 'Write one dataset video as an MP4 with its captions as an .srt beside it',
  options: {
    ...VIDEO_OPTIONS,
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
      return mediaFailure(error, 'preview', `cannot write ${out}`);
    }
  },
};
