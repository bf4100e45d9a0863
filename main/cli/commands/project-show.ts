/** `longshot project show PATH_OR_NAME`: a project's settings and storyboard. */
import type { Command } from '../command';
import { closeProject, getSettings, listCaptions, openProject, resolveProjectRef } from '../../project/index';
import { onePositional } from './data-options';
import { formatTable } from './project-table';

/** `longshot project show PATH_OR_NAME`. */
export const projectShow: Command = {
  path: ['project', 'show'],
  summary: "Show a project's settings and storyboard",
  positionals: 'PATH_OR_NAME',
  async run(args, io) {
    const project = openProject(resolveProjectRef(onePositional(args, 'project show', 'PATH_OR_NAME')));
    try {
      const s = getSettings(project.db);
      const settings: [string, string][] = [
        ['Project', s.name],
        ['Path', project.path],
        ['Duration', `${s.durationSec} s at ${s.fps} fps`],
        ['Frame size', `${s.width}x${s.height}`],
        ['Model', s.modelId],
        ['Memory preset', s.memoryPreset],
        ['Seed', String(s.seed)],
        ['Sampling', `${s.samplingSteps} steps, guidance ${s.guidance}`],
        ['Created', s.createdAt],
        ['Updated', s.updatedAt],
      ];
      for (const line of formatTable(settings.map(([k, v]) => [`${k}:`, v]))) io.out(line);
      const captions = listCaptions(project.db);
      io.out('');
      if (captions.length === 0) {
        io.out('Storyboard: empty');
        return 0;
      }
      io.out(`Storyboard: ${captions.length} caption${captions.length === 1 ? '' : 's'}`);
      const rows = captions.map((c) => [c.startSec.toFixed(2), c.endSec.toFixed(2), c.transition, c.text]);
      for (const line of formatTable([['START', 'END', 'TRANSITION', 'TEXT'], ...rows])) io.out(`  ${line}`);
      return 0;
    } finally {
      closeProject(project);
    }
  },
};
