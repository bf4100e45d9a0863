/**
 * Imported footage: a source video decoded once into a frames file inside the project (the
 * opening memory of a generation, or training data).
 */
import { z } from 'zod';
import { guard } from './errors';
import { found, mediaPathSchema, nowIso, parseInput, type Db } from './rows';

/** How footage of another aspect ratio was fitted to the project's frame size. */
export const FITS = ['crop', 'letterbox'] as const;
/** One of FITS. */
export type Fit = (typeof FITS)[number];

/** One imported clip. Paths of files inside the project are relative to its folder. */
export interface Footage {
  id: number;
  sourcePath: string;
  framesPath: string;
  frameCount: number;
  fps: number;
  width: number;
  height: number;
  fit: Fit;
  thumbsPath: string | null;
  /** What happens in the clip, in the user's words ('' until they say): its caption for fine-tuning. */
  caption: string;
  importedAt: string;
}

/** What the importer records. */
export type FootageInput = Omit<Footage, 'id' | 'importedAt' | 'thumbsPath' | 'caption'> & { thumbsPath?: string | null };

const footageSchema = z.strictObject({
  sourcePath: z.string().min(1),
  framesPath: mediaPathSchema,
  frameCount: z.int().positive(),
  fps: z.number().positive(),
  width: z.int().positive(),
  height: z.int().positive(),
  fit: z.enum(FITS),
  thumbsPath: mediaPathSchema.nullable().default(null),
});

const COLUMNS = `id, source_path AS sourcePath, frames_path AS framesPath, frame_count AS frameCount, fps,
  width, height, fit, thumbs_path AS thumbsPath, caption, imported_at AS importedAt`;

/** The longest clip caption, as for storyboard captions. */
export const MAX_FOOTAGE_CAPTION = 2000;

/** Records an imported clip. */
export function addFootage(db: Db, input: FootageInput): Footage {
  const row = parseInput(footageSchema, input, 'footage');
  return guard('recording footage', () => {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO footage (source_path, frames_path, frame_count, fps, width, height, fit, thumbs_path, imported_at)
         VALUES (@sourcePath, @framesPath, @frameCount, @fps, @width, @height, @fit, @thumbsPath, @importedAt)`,
      )
      .run({ ...row, importedAt: nowIso() });
    return getFootage(db, Number(lastInsertRowid));
  });
}

/** One clip by id. */
export function getFootage(db: Db, id: number): Footage {
  return guard('reading footage', () =>
    found(db.prepare(`SELECT ${COLUMNS} FROM footage WHERE id = ?`).get(id) as Footage | undefined, 'footage', id),
  );
}

/** All clips, oldest import first. */
export function listFootage(db: Db): Footage[] {
  return guard('reading footage', () => db.prepare(`SELECT ${COLUMNS} FROM footage ORDER BY id`).all() as Footage[]);
}

/** Sets what happens in a clip (its caption for fine-tuning); '' clears it. */
export function captionFootage(db: Db, id: number, caption: string): Footage {
  const text = parseInput(z.string().trim().max(MAX_FOOTAGE_CAPTION), caption, 'footage caption');
  return guard('captioning footage', () => {
    const { changes } = db.prepare('UPDATE footage SET caption = ? WHERE id = ?').run(text, id);
    found(changes > 0 ? id : undefined, 'footage', id);
    return getFootage(db, id);
  });
}

/** Forgets a clip. Its files are the caller's to delete (after this succeeds, never before). */
export function deleteFootage(db: Db, id: number): void {
  guard('deleting footage', () => {
    const { changes } = db.prepare('DELETE FROM footage WHERE id = ?').run(id);
    found(changes > 0 ? id : undefined, 'footage', id);
  });
}
