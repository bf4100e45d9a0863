/**
 * What the page does for each command of the desktop menu (the contract's `menu` event, which
 * the Electron shell sends to the focused window): File > New and Open leave the open project
 * (asking first if a job runs) for the new-project form or the chosen project; Export shows the
 * project's Export view; Edit > Undo and Redo undo the focused text field's typing when one has
 * the focus, otherwise the storyboard editor's last edit. Free of React and the DOM: the page
 * hands those parts in as a MenuShell, so the dispatch is tested under Node.
 */
import type { Api, ApiError, EventPayload } from '../../../../preload/api';
import type { ProjectInfo } from '../../shared/types';
import { closeSession, mayLeave } from '../project/leave-project';
import type { ProjectSession } from '../project/project-session';

/** One command of the desktop menu. */
export type MenuCommand = EventPayload<'menu'>;

/** The app around the menu: its navigation and what it knows of the page. */
export interface MenuShell {
  /** The open project's session; undefined on the home screen or while a project loads. */
  session(): ProjectSession | undefined;
  /** Shows an opened project in place of the current screen. */
  showProject(project: ProjectInfo): void;
  /** Shows the home screen with the new-project form focused. */
  showNewProjectForm(): void;
  /** Asks the user a yes/no question. */
  confirm(question: string): boolean;
  /** True when a text field has the focus: undo and redo are then the field's own. */
  typing(): boolean;
  /** The browser's own undo or redo of the focused text field. */
  editText(which: 'undo' | 'redo'): void;
  /** Says what failed when no project is open to show it. */
  report(error: ApiError): void;
}

function report(shell: MenuShell, session: ProjectSession | undefined, error: ApiError): void {
  if (session) session.problem.set(error);
  else shell.report(error);
}

async function openProject(api: Api, shell: MenuShell, session: ProjectSession | undefined, path: string): Promise<void> {
  if (session?.info.path === path) return;
  if (session && !mayLeave(session, shell.confirm)) return;
  // Opened before the current project closes, so a project that cannot open leaves the user where they were.
  const opened = await api.projects.open({ path });
  if (!opened.ok) return report(shell, session, opened.error);
  if (session) {
    // The same folder under another path: the services answer with the open project's handle.
    if (opened.value.id === session.projectId) return;
    await closeSession(session);
  }
  shell.showProject(opened.value);
}

/** Carries out one menu command; resolves when it is done. */
export async function performMenuCommand(api: Api, command: MenuCommand, shell: MenuShell): Promise<void> {
  const session = shell.session();
  switch (command.command) {
    case 'project.new':
      if (session && !mayLeave(session, shell.confirm)) return;
      if (session) await closeSession(session);
      return shell.showNewProjectForm();
    case 'project.open':
      return openProject(api, shell, session, command.path);
    case 'project.export':
      // The menu is the same on every screen; on the home screen there is nothing to export.
      return session?.view.set('export');
    case 'edit.undo':
    case 'edit.redo': {
      const which = command.command === 'edit.undo' ? 'undo' : 'redo';
      if (shell.typing()) return shell.editText(which);
      return session?.editor[which]();
    }
    default:
      return command satisfies never;
  }
}
