/**
 * `longshot data still --data DIR --video K --out FILE.png [--frames 0,8,16] [--scale 4]
 * [--columns 6]`: a PNG contact sheet of frames of one dataset video, by default the middle of
 * every caption, so the sheet reads as the story.
 */
import { CliError, type Command } from '../command';
import { storyboardLines, writeContactSheet } from '../../data/index';
import { datasetFailure, numberOption, openVideo, stringOption, VIDEO_OPTIONS } from './data-options';

/** `longshot data still`. */
export const dataStillCommand: Command = {
  path: ['data', 'still'],
  summary: 'Write frames of one dataset video as a PNG contact sheet',
  options: {
    ...VIDEO_OPTIONS,
    out: { type: 'string', value: 'FILE.png', description: 'PNG to write (required)' },
    frames: { type: 'string', value: 'LIST', description: 'Comma-separated frame indices; default one per caption' },
    scale: { type: 'string', value: 'N', description: 'Whole-number upscale; default 4' },
    columns: { type: 'string', value: 'N', description: 'Frames per row; default 6' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    const scale = numberOption(args, 'scale', 4, { min: 1, max: 16, whole: true });
    const columns = numberOption(args, 'columns', 6, { min: 1, max: 64, whole: true });
    const list = args.values.frames;
    let frames: number[] | undefined;
    if (typeof list === 'string') {
      frames = list.split(',').map((s) => Number(s.trim()));
      if (frames.some((f) => !Number.isInteger(f))) throw new CliError(`--frames must be whole numbers separated by commas, got '${list}'`, 2);
    }
    const { video } = openVideo(args);
    try {
      const sheet = writeContactSheet(video, out, { frames, scale, columns });
      io.out(`wrote ${sheet.png}: frames ${sheet.frames.join(', ')} of ${video.id}; its storyboard:`);
      for (const line of storyboardLines(video.file.storyboard)) io.out(`  ${line}`);
      return 0;
    } catch (error) {
      return datasetFailure(error);
    }
  },
};
