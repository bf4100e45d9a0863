/**
 * What a menu item asks of the renderer. The schema is part of the API contract
 * (preload/api.ts, event `menu`), so the page subscribes to it like any other event; the main
 * process validates each command with it before sending.
 */
import { menuEvent, type EventName, type EventPayload } from '../../../preload/api';

/** The commands a menu item can send. */
export const menuCommand = menuEvent;

/** One menu command. */
export type MenuCommand = EventPayload<'menu'>;

/** The event name the commands are sent under. */
export const MENU_EVENT: EventName = 'menu';
