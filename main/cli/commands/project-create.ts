/**
 * `longshot project create NAME`: makes NAME.longshot in the default projects folder (or
 * --dir), adds it to the recent list and prints its path.
 */
import type { Command } from '../command';
import { closeProject, createProject, defaultProjectsDir, MEMORY_PRESETS, rememberProject } from '../../project/index';
import { choiceOption, onePositional, optionalNumber } from './data-options';

/** `longshot project create NAME [options]`. */
export const projectCreate: Command = {
  path: ['project', 'create'],
  summary: 'Create a project (NAME.longshot) and print its path',
  positionals: 'NAME',
  options: {
    dir: { type: 'string', value: 'DIR', description: 'Parent folder (default: the projects folder in LONGSHOT_HOME)' },
    duration: { type: 'string', value: 'S', description: 'Video length in seconds (default 10)' },
    fps: { type: 'string', value: 'N', description: 'Frames per second (default 8)' },
    width: { type: 'string', value: 'W', description: 'Frame width, a multiple of 8 (default 64)' },
    height: { type: 'string', value: 'H', description: 'Frame height, a multiple of 8 (default 64)' },
    preset: { type: 'string', value: 'P', description: `Memory budget: ${MEMORY_PRESETS.join(', ')} (default 4x4x2)` },
    seed: { type: 'string', value: 'N', description: 'Seed, 0..4294967295 (default: random)' },
  },
  async run(args, io) {
    const name = onePositional(args, 'project create', 'NAME');
    const dir = typeof args.values.dir === 'string' ? args.values.dir : defaultProjectsDir();
    // The ranges are checked once, by the settings schema inside createProject.
    const project = createProject(dir, name, {
      durationSec: optionalNumber(args, 'duration', {}),
      fps: optionalNumber(args, 'fps', {}),
      width: optionalNumber(args, 'width', {}),
      height: optionalNumber(args, 'height', {}),
      memoryPreset: choiceOption(args, 'preset', MEMORY_PRESETS),
      seed: optionalNumber(args, 'seed', {}),
    });
    try {
      rememberProject(project.path, project.name);
    } finally {
      closeProject(project);
    }
    io.out(project.path);
    return 0;
  },
};
