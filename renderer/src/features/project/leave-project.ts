/**
 * Leaving an open project, from the header's Projects button or the desktop menu (File > New,
 * Open): a running job stops when its project closes (it resumes when the project is opened
 * again), so the user is asked first; then the storyboard's pending edits are saved and the
 * project is closed.
 */
import type { ProjectSession } from './project-session';

/** The question asked before leaving a project whose job is running. */
export const LEAVE_RUNNING_QUESTION =
  'A job of this project is running. Closing stops it; it resumes when you open the project again. Close anyway?';

/** Whether the project may be left: yes when no job runs, else what the user answers. */
export function mayLeave(session: ProjectSession, confirm: (question: string) => boolean): boolean {
  const running = session.jobs.get().some((view) => view.job.status === 'running');
  return !running || confirm(LEAVE_RUNNING_QUESTION);
}

/** Saves the storyboard's pending edits, then closes the project on the main side. */
export async function closeSession(session: ProjectSession): Promise<void> {
  await session.editor.whenSaved();
  await session.api.projects.close({ projectId: session.projectId });
}
