/**
 * Opening a project to write it from the CLI: takes the project's write lease
 * (main/project/writer-lease.ts). A project another live process writes is refused at once,
 * never waited for: that process may run for hours, or hang, and a second writer of the same
 * queue could only follow jobs it does not run. The refusal is one line naming the holder
 * (pid, command, since when) with exit code 75 (EX_TEMPFAIL: try again later). A stale lease
 * (its process was killed, or its pid reused) is taken over, with a line saying whose it was.
 */
import { openProject, ProjectInUseError, type Project } from '../../project/index';
import { CliError } from '../command';

/** The exit code of a command refused because another process writes the project. */
export const EXIT_IN_USE = 75;

/** `error` as the CLI refusal (exit code 75) when it says another process writes the project; any other error as it is. */
export function inUseRefusal(error: unknown): unknown {
  return error instanceof ProjectInUseError ? new CliError(error.message, EXIT_IN_USE) : error;
}

/** Opens the project at `path` as writer `command` (e.g. 'longshot render'); `say` gets the takeover line, if any. */
export function openForWriting(path: string, command: string, say: (line: string) => void): Project {
  let project: Project;
  try {
    project = openProject(path, { writer: command });
  } catch (error) {
    throw inUseRefusal(error);
  }
  const line = project.lease?.takeoverLine;
  if (line) say(line);
  return project;
}
