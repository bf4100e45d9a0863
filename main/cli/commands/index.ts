/**
 * Every `longshot` command, listed once. Add a command by writing its file in this folder and
 * adding it here.
 */
import type { Command } from '../command';

export const commands: Command[] = [];
