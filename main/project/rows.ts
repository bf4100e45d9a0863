/**
 * Shared helpers of the table modules: the database handle type, JSON columns, timestamps,
 * input validation with zod, and "row or not_found".
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { ProjectError } from './errors';

/** An open project database (better-sqlite3 connection). */
export type Db = Database.Database;

/** What a JSON column holds. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON value as zod checks it: only what survives JSON.stringify and JSON.parse unchanged. */
export const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

/** Timestamps are ISO 8601 UTC text: readable in the file and sortable as text. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Seeds are unsigned 32-bit integers everywhere in Longshot. */
export const seedSchema = z.int().min(0).max(0xffff_ffff);

/** A row id: a positive integer. */
export const idSchema = z.int().positive();

/**
 * A path inside the project folder, stored relative so a project can be moved or copied:
 * forward slashes, no leading slash or drive, no `..` segment.
 */
export const mediaPathSchema = z
  .string()
  .min(1)
  .refine(
    (p) => !/^([a-zA-Z]:)?[\\/]/.test(p) && !p.split(/[\\/]/).some((part) => part === '..' || part === ''),
    'must be a relative path inside the project folder (no leading slash, no "..")',
  );

/** Validates `input` against `schema`; a failure is a ProjectError 'invalid' naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ProjectError('invalid', `invalid ${what}: ${field}${issue?.message ?? 'rejected'}`);
}

/**
 * Drops keys whose value is undefined, so spreading a patch over a row never blanks a field
 * the caller did not mention.
 */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Returns the row, or throws 'not_found' naming what was looked for. */
export function found<T>(row: T | undefined, what: string, id: number): T {
  if (row === undefined) throw new ProjectError('not_found', `${what} ${id} does not exist`);
  return row;
}

/** Parses a JSON column written by this module (validated on the way in). */
export function readJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
