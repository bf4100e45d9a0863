/** Starting a generation, from the Generate view or the keyboard. */
import type { CallInput, CallOutput, Result } from '../../../../preload/api';
import type { ProjectSession } from '../project/project-session';

type Job = CallOutput<'generation.start'>;
/** What the Generate view may choose; the project's seed and newest footage by default. */
export type GenerationChoice = Omit<CallInput<'generation.start'>, 'projectId'>;

/**
 * Queues a generation of the storyboard as it is now: pending edits are saved first, since the
 * run keeps a snapshot of the storyboard. Shows the job at once and switches to the Generate view.
 */
export async function startGeneration(session: ProjectSession, choice: GenerationChoice = {}): Promise<Result<Job>> {
  await session.editor.whenSaved();
  const answer = await session.api.generation.start({ projectId: session.projectId, ...choice });
  if (answer.ok) {
    session.jobs.upsert([answer.value]);
    session.view.set('generate');
  } else {
    session.problem.set(answer.error);
  }
  return answer;
}
