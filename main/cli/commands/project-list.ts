/** `longshot project list`: the recent projects, most recent first. */
import { CliError, type Command } from '../command';
import { listRecentProjects } from '../../project/index';
import { formatTable } from './project-table';

/** `longshot project list`. */
export const projectList: Command = {
  path: ['project', 'list'],
  summary: 'List recent projects',
  async run(args, io) {
    if (args.positionals.length > 0) throw new CliError('project list takes no arguments', 2);
    const recent = listRecentProjects();
    if (recent.length === 0) {
      io.out("No recent projects. Create one with 'longshot project create NAME'.");
      return 0;
    }
    const rows = recent.map((p) => [p.name, p.openedAt.slice(0, 16).replace('T', ' '), p.missing ? 'missing' : 'ok', p.path]);
    for (const line of formatTable([['NAME', 'OPENED (UTC)', 'STATE', 'PATH'], ...rows])) io.out(line);
    return 0;
  },
};
