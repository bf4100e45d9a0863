/**
 * What a menu item asks of the renderer: the studio's own actions (a new project, an export,
 * the editor's undo) live in the page, so the menu only names them. They travel as the event
 * `menu` (IPC_EVENT + 'menu'), validated here before they leave the main process.
 */
import { z } from 'zod';

/** The commands a menu item can send. */
export const menuCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('project.new') }),
  /** Open the project at `path`, chosen in the native dialog or the recent list. */
  z.object({ command: z.literal('project.open'), path: z.string().min(1).max(4096) }),
  z.object({ command: z.literal('project.export') }),
  z.object({ command: z.literal('edit.undo') }),
  z.object({ command: z.literal('edit.redo') }),
]);

/** One menu command. */
export type MenuCommand = z.infer<typeof menuCommand>;

/** The event name the commands are sent under. */
export const MENU_EVENT = 'menu';
