/**
 * Generation runs, their takes and chunks. A run is one generation of the storyboard; a take is
 * one version of it: the first starts at chunk 0, a later one regenerates from chunk k onward
 * (another seed or caption) and shares chunks 0..k-1 with its parent take, so nothing before k
 * is redone. Each finished chunk is one row, written the moment its frames file is complete.
 */
import { z } from 'zod';
import { ProjectError, guard } from './errors';
import { found, idSchema, jsonValue, mediaPathSchema, nowIso, parseInput, readJson, seedSchema, type Db, type JsonValue } from './rows';
import { getSettings } from './settings';

/** One generation of the storyboard, with the settings it used. */
export interface GenerationRun {
  id: number;
  jobId: number | null;
  settings: JsonValue;
  createdAt: string;
}

/** What createRun records. */
export interface RunInput {
  jobId?: number | null;
  /** Snapshot of what the run used; defaults to the project's settings now. */
  settings?: JsonValue;
}

/** Replaces a caption's text within one take. */
export interface CaptionOverride {
  captionId: number;
  text: string;
}

/** One version of a run, from `fromChunk` on. */
export interface Take {
  id: number;
  runId: number;
  parentTakeId: number | null;
  fromChunk: number;
  seed: number;
  captionOverrides: CaptionOverride[];
  isCurrent: boolean;
  createdAt: string;
}

/** What createTake records. */
export interface TakeInput {
  runId: number;
  /** The take whose chunks before `fromChunk` this one reuses; required when fromChunk > 0. */
  parentTakeId?: number | null;
  fromChunk?: number;
  seed: number;
  captionOverrides?: CaptionOverride[];
}

/** 'done': frames file complete; 'failed': the chunk was attempted and gave no usable frames. */
export const CHUNK_STATUSES = ['done', 'failed'] as const;
/** One of CHUNK_STATUSES. */
export type ChunkStatus = (typeof CHUNK_STATUSES)[number];

/** One generated chunk: frames [frameStart, frameEnd) of the video, in a frames file. */
export interface Chunk {
  id: number;
  runId: number;
  takeId: number;
  chunkIndex: number;
  frameStart: number;
  frameEnd: number;
  framesPath: string;
  seed: number;
  caption: string;
  status: ChunkStatus;
  createdAt: string;
}

/** What addChunk records; the run comes from the take, `status` defaults to 'done'. */
export type ChunkInput = Omit<Chunk, 'id' | 'runId' | 'createdAt' | 'status'> & { status?: ChunkStatus };

const runSchema = z.strictObject({ jobId: idSchema.nullable().default(null), settings: jsonValue.optional() });

const takeSchema = z
  .strictObject({
    runId: idSchema,
    parentTakeId: idSchema.nullable().default(null),
    fromChunk: z.int().min(0).default(0),
    seed: seedSchema,
    captionOverrides: z.array(z.strictObject({ captionId: idSchema, text: z.string().trim().min(1) })).default([]),
  })
  .refine((t) => t.fromChunk === 0 || t.parentTakeId !== null, {
    message: 'a take that starts after chunk 0 needs the parent take it continues',
    path: ['parentTakeId'],
  });

const chunkSchema = z
  .strictObject({
    takeId: idSchema,
    chunkIndex: z.int().min(0),
    frameStart: z.int().min(0),
    frameEnd: z.int().positive(),
    framesPath: mediaPathSchema,
    seed: seedSchema,
    caption: z.string(),
    status: z.enum(CHUNK_STATUSES).default('done'),
  })
  .refine((c) => c.frameEnd > c.frameStart, { message: 'frame range is empty', path: ['frameEnd'] });

const RUN_COLUMNS = 'id, job_id AS jobId, settings_json AS settings, created_at AS createdAt';
const TAKE_COLUMNS = `id, run_id AS runId, parent_take_id AS parentTakeId, from_chunk AS fromChunk, seed,
  caption_overrides_json AS captionOverrides, is_current AS isCurrent, created_at AS createdAt`;
const CHUNK_COLUMNS = `id, run_id AS runId, take_id AS takeId, chunk_index AS chunkIndex, frame_start AS frameStart,
  frame_end AS frameEnd, frames_path AS framesPath, seed, caption, status, created_at AS createdAt`;

type RunRow = Omit<GenerationRun, 'settings'> & { settings: string };
type TakeRow = Omit<Take, 'captionOverrides' | 'isCurrent'> & { captionOverrides: string; isCurrent: number };

function runFromRow(row: RunRow): GenerationRun {
  return { ...row, settings: readJson(row.settings) };
}

function takeFromRow(row: TakeRow): Take {
  // Written by createTake from validated overrides, so the JSON has that shape.
  const captionOverrides = readJson(row.captionOverrides) as unknown as CaptionOverride[];
  return { ...row, captionOverrides, isCurrent: row.isCurrent === 1 };
}

function selectTake(db: Db, id: number): Take {
  const row = db.prepare(`SELECT ${TAKE_COLUMNS} FROM takes WHERE id = ?`).get(id) as TakeRow | undefined;
  return takeFromRow(found(row, 'take', id));
}

/** Starts a run record. */
export function createRun(db: Db, input: RunInput = {}): GenerationRun {
  const run = parseInput(runSchema, input, 'run');
  return guard('creating a run', () => {
    const settings = run.settings ?? (getSettings(db) as unknown as JsonValue);
    const { lastInsertRowid } = db
      .prepare('INSERT INTO runs (job_id, settings_json, created_at) VALUES (?, ?, ?)')
      .run(run.jobId, JSON.stringify(settings), nowIso());
    return getRun(db, Number(lastInsertRowid));
  });
}

/** One run by id. */
export function getRun(db: Db, id: number): GenerationRun {
  return guard('reading a run', () => {
    const row = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return runFromRow(found(row, 'run', id));
  });
}

/** All runs, oldest first. */
export function listRuns(db: Db): GenerationRun[] {
  return guard('reading runs', () =>
    (db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id`).all() as RunRow[]).map(runFromRow),
  );
}

/** Adds a take to a run; the run's first take becomes its current one. */
export function createTake(db: Db, input: TakeInput): Take {
  const take = parseInput(takeSchema, input, 'take');
  return guard('creating a take', () =>
    db.transaction(() => {
      getRun(db, take.runId);
      if (take.parentTakeId !== null && selectTake(db, take.parentTakeId).runId !== take.runId) {
        throw new ProjectError('invalid', `take ${take.parentTakeId} belongs to another run`);
      }
      const hasCurrent = db.prepare('SELECT 1 FROM takes WHERE run_id = ? AND is_current = 1').get(take.runId) !== undefined;
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO takes (run_id, parent_take_id, from_chunk, seed, caption_overrides_json, is_current, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(take.runId, take.parentTakeId, take.fromChunk, take.seed, JSON.stringify(take.captionOverrides), hasCurrent ? 0 : 1, nowIso());
      return selectTake(db, Number(lastInsertRowid));
    }).immediate(),
  );
}

/** Makes a take the one its run shows and exports. */
export function setCurrentTake(db: Db, takeId: number): Take {
  return guard('choosing a take', () =>
    db.transaction(() => {
      const take = selectTake(db, takeId);
      db.prepare('UPDATE takes SET is_current = 0 WHERE run_id = ? AND is_current = 1').run(take.runId);
      db.prepare('UPDATE takes SET is_current = 1 WHERE id = ?').run(takeId);
      return selectTake(db, takeId);
    }).immediate(),
  );
}

/** One take by id. */
export function getTake(db: Db, id: number): Take {
  return guard('reading a take', () => selectTake(db, id));
}

/** A run's takes, oldest first. */
export function listTakes(db: Db, runId: number): Take[] {
  return guard('reading takes', () => {
    getRun(db, runId);
    const rows = db.prepare(`SELECT ${TAKE_COLUMNS} FROM takes WHERE run_id = ? ORDER BY id`).all(runId);
    return (rows as TakeRow[]).map(takeFromRow);
  });
}

/** Records a chunk of a take; its index must be at or after the take's first chunk. */
export function addChunk(db: Db, input: ChunkInput): Chunk {
  const chunk = parseInput(chunkSchema, input, 'chunk');
  return guard('saving a chunk', () => {
    const take = selectTake(db, chunk.takeId);
    if (chunk.chunkIndex < take.fromChunk) {
      throw new ProjectError('invalid', `take ${take.id} starts at chunk ${take.fromChunk}; chunk ${chunk.chunkIndex} belongs to its parent`);
    }
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO chunks (run_id, take_id, chunk_index, frame_start, frame_end, frames_path, seed, caption, status, created_at)
         VALUES (@runId, @takeId, @chunkIndex, @frameStart, @frameEnd, @framesPath, @seed, @caption, @status, @now)`,
      )
      .run({ ...chunk, runId: take.runId, now: nowIso() });
    return db.prepare(`SELECT ${CHUNK_COLUMNS} FROM chunks WHERE id = ?`).get(lastInsertRowid) as Chunk;
  });
}

/**
 * The chunks that make up a take, in order: its own from `fromChunk` on, and before that its
 * parent's (recursively), which is what playing or exporting the take shows.
 */
export function listChunks(db: Db, takeId: number): Chunk[] {
  return guard('reading chunks', () => {
    const own = db.prepare(`SELECT ${CHUNK_COLUMNS} FROM chunks WHERE take_id = ? ORDER BY chunk_index`);
    // A parent always exists before its child take, so this recursion ends.
    const collect = (id: number): Chunk[] => {
      const take = selectTake(db, id);
      const inherited = take.parentTakeId === null ? [] : collect(take.parentTakeId).filter((c) => c.chunkIndex < take.fromChunk);
      return [...inherited, ...(own.all(id) as Chunk[])];
    };
    return collect(takeId);
  });
}
