/**
 * The edits of a storyboard, one command per edit, as plain data: what it does to the list of
 * captions (`applyCommand`), its inverse (`invertCommand`, what undo runs) and a label for the
 * history list. Commands carry whole before/after values rather than deltas, so undo never
 * depends on the order in which answers arrive from the project.
 */
import type { CallOutput } from '../../../preload/api';

/** A caption of the storyboard as the project stores it. */
export type Caption = CallOutput<'storyboard.add'>;
/** What a caption is, without its identity. */
export type CaptionFields = Omit<Caption, 'id'>;
export type Transition = Caption['transition'];

/** One edit. An `add` may carry a provisional (negative) id until the project assigns one. */
export type Command =
  | { kind: 'add'; caption: Caption }
  | { kind: 'delete'; caption: Caption }
  | { kind: 'update'; id: number; before: CaptionFields; after: CaptionFields };

/** Captions in timeline order: by start, then by id (stable for equal starts). */
export function sortCaptions(captions: readonly Caption[]): Caption[] {
  return [...captions].sort((a, b) => a.startSec - b.startSec || a.id - b.id);
}

/** The fields of a caption. */
export function fieldsOf(caption: Caption): CaptionFields {
  return { startSec: caption.startSec, endSec: caption.endSec, text: caption.text, transition: caption.transition };
}

/** The captions after `command`. */
export function applyCommand(captions: readonly Caption[], command: Command): Caption[] {
  switch (command.kind) {
    case 'add':
      return sortCaptions([...captions.filter((c) => c.id !== command.caption.id), command.caption]);
    case 'delete':
      return captions.filter((c) => c.id !== command.caption.id);
    case 'update':
      return sortCaptions(captions.map((c) => (c.id === command.id ? { id: c.id, ...command.after } : c)));
    default:
      return command satisfies never;
  }
}

/** The command that undoes `command`. */
export function invertCommand(command: Command): Command {
  switch (command.kind) {
    case 'add':
      return { kind: 'delete', caption: command.caption };
    case 'delete':
      return { kind: 'add', caption: command.caption };
    case 'update':
      return { kind: 'update', id: command.id, before: command.after, after: command.before };
    default:
      return command satisfies never;
  }
}

/** The same command with caption id `from` renamed `to` (a provisional id the project replaced). */
export function renameId(command: Command, from: number, to: number): Command {
  switch (command.kind) {
    case 'add':
    case 'delete':
      return command.caption.id === from ? { ...command, caption: { ...command.caption, id: to } } : command;
    case 'update':
      return command.id === from ? { ...command, id: to } : command;
    default:
      return command satisfies never;
  }
}

function quote(text: string): string {
  return text.length > 24 ? `"${text.slice(0, 23)}…"` : `"${text}"`;
}

/** A short label for the history list, e.g. `Move "the lamp turns on"`. */
export function describeCommand(command: Command): string {
  switch (command.kind) {
    case 'add':
      return `Add ${quote(command.caption.text)}`;
    case 'delete':
      return `Delete ${quote(command.caption.text)}`;
    case 'update': {
      const { before, after } = command;
      const name = quote(after.text);
      if (before.text !== after.text) return `Edit text of ${name}`;
      if (before.transition !== after.transition) return `Make ${name} ${after.transition === 'cut' ? 'a hard cut' : 'continuous'}`;
      const length = (c: CaptionFields) => c.endSec - c.startSec;
      if (Math.abs(length(before) - length(after)) < 1e-9) return `Move ${name}`;
      return `Resize ${name}`;
    }
    default:
      return command satisfies never;
  }
}
