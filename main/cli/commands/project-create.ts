/**
 * `longshot project create NAME`: makes NAME.longshot in the default projects folder (or
 * --dir), adds it to the recent list and prints its path.
 */
import { CliError, type Command, type CommandArgs } from '../command';
import {
  closeProject,
  createProject,
  defaultProjectsDir,
  MEMORY_PRESETS,
  rememberProject,
  type MemoryPreset,
} from '../../project/index';

function numberOption(args: CommandArgs, name: string): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) throw new CliError(`--${name} must be a number, got '${String(raw)}'`, 2);
  return value;
}

function presetOption(args: CommandArgs): MemoryPreset | undefined {
  const raw = args.values.preset;
  if (raw === undefined) return undefined;
  const preset = MEMORY_PRESETS.find((p) => p === raw);
  if (!preset) throw new CliError(`--preset must be one of ${MEMORY_PRESETS.join(', ')}, got '${String(raw)}'`, 2);
  return preset;
}

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
    const [name, ...extra] = args.positionals;
    if (name === undefined || extra.length > 0) throw new CliError('project create takes exactly one NAME', 2);
    const dir = typeof args.values.dir === 'string' ? args.values.dir : defaultProjectsDir();
    const project = createProject(dir, name, {
      durationSec: numberOption(args, 'duration'),
      fps: numberOption(args, 'fps'),
      width: numberOption(args, 'width'),
      height: numberOption(args, 'height'),
      memoryPreset: presetOption(args),
      seed: numberOption(args, 'seed'),
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
