/**
 * The storyboard: timestamped captions, one row each, so an edit is one small transaction.
 * Row-level rules (start >= 0, end > start, non-empty text) are enforced here and in SQL;
 * storyboard-level ones (overlaps, captions shorter than a chunk) are warnings the editor shows
 * while typing, so they are not refused here.
 */
import { z } from 'zod';
import { ProjectError, guard } from './errors';
import { definedOnly, found, idSchema, parseInput, type Db } from './rows';

/** How a caption's shot begins: a hard cut or a continuation of the previous shot. */
export const TRANSITIONS = ['cut', 'continuous'] as const;
/** One of TRANSITIONS. */
export type Transition = (typeof TRANSITIONS)[number];

/** One caption row. */
export interface Caption {
  id: number;
  startSec: number;
  endSec: number;
  text: string;
  transition: Transition;
}

/** A new caption; `transition` defaults to 'continuous'. `id` only when restoring (undo). */
export interface CaptionInput {
  id?: number;
  startSec: number;
  endSec: number;
  text: string;
  transition?: Transition;
}

/** Fields to change in a caption. */
export type CaptionPatch = Partial<Omit<CaptionInput, 'id'>>;

const fields = {
  startSec: z.number().min(0),
  endSec: z.number().positive(),
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  transition: z.enum(TRANSITIONS),
};

const captionSchema = z
  .strictObject({ ...fields, id: idSchema.optional(), transition: fields.transition.default('continuous') })
  .refine((c) => c.endSec > c.startSec, { message: 'end must be after start', path: ['endSec'] });

const patchSchema = z.strictObject(fields).partial();

const COLUMNS = 'id, start_sec AS startSec, end_sec AS endSec, text, transition';

function insert(db: Db, caption: z.output<typeof captionSchema>): Caption {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO captions (id, start_sec, end_sec, text, transition) VALUES (?, ?, ?, ?, ?)')
    .run(caption.id ?? null, caption.startSec, caption.endSec, caption.text, caption.transition);
  return getCaption(db, Number(lastInsertRowid));
}

function getCaption(db: Db, id: number): Caption {
  return found(db.prepare(`SELECT ${COLUMNS} FROM captions WHERE id = ?`).get(id) as Caption | undefined, 'caption', id);
}

/** All captions in time order. */
export function listCaptions(db: Db): Caption[] {
  return guard('reading the storyboard', () =>
    db.prepare(`SELECT ${COLUMNS} FROM captions ORDER BY start_sec, id`).all() as Caption[],
  );
}

/** Adds a caption and returns it with its id. */
export function addCaption(db: Db, input: CaptionInput): Caption {
  const caption = parseInput(captionSchema, input, 'caption');
  return guard('adding a caption', () => insert(db, caption));
}

/** Changes some fields of a caption; the result must still be a valid caption. */
export function updateCaption(db: Db, id: number, patch: CaptionPatch): Caption {
  const change = parseInput(patchSchema, patch, 'caption change');
  return guard('updating a caption', () =>
    db.transaction(() => {
      const next = parseInput(captionSchema, { ...getCaption(db, id), ...definedOnly(change) }, 'caption');
      db.prepare('UPDATE captions SET start_sec = ?, end_sec = ?, text = ?, transition = ? WHERE id = ?').run(
        next.startSec,
        next.endSec,
        next.text,
        next.transition,
        id,
      );
      return getCaption(db, id);
    }).immediate(),
  );
}

/** Removes a caption. */
export function deleteCaption(db: Db, id: number): void {
  guard('deleting a caption', () => {
    const { changes } = db.prepare('DELETE FROM captions WHERE id = ?').run(id);
    found(changes > 0 ? id : undefined, 'caption', id);
  });
}

/**
 * Replaces the whole storyboard in one transaction (undo/redo of many edits, paste, import).
 * Captions that carry an `id` keep it, so editor commands that refer to them stay valid.
 */
export function replaceStoryboard(db: Db, captions: readonly CaptionInput[]): Caption[] {
  const parsed = parseInput(z.array(captionSchema), captions, 'storyboard');
  const kept = parsed.filter((c) => c.id !== undefined);
  if (new Set(kept.map((c) => c.id)).size !== kept.length) {
    throw new ProjectError('invalid', 'invalid storyboard: two captions have the same id');
  }
  return guard('replacing the storyboard', () =>
    db.transaction(() => {
      db.prepare('DELETE FROM captions').run();
      // Captions keeping their id go first, so a new id is never handed out before it is taken.
      for (const caption of kept) insert(db, caption);
      for (const caption of parsed.filter((c) => c.id === undefined)) insert(db, caption);
      return listCaptions(db);
    }).immediate(),
  );
}
