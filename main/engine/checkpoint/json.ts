/**
 * JSON helpers for checkpoint files: a strict check that a value survives JSON exactly (so resumed
 * state equals saved state), and a structural diff that names every differing key.
 */
import { CheckpointError } from './errors';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws CheckpointError 'invalid_input' unless `value` is plain JSON: null, booleans, finite
 * numbers, strings, arrays and plain objects of those. NaN, undefined, Maps or class instances
 * would silently change on the way through JSON.stringify.
 */
export function assertJson(value: unknown, path: string, seen = new Set<object>()): void {
  const fail = (what: string): never => {
    throw new CheckpointError('invalid_input', `${path} ${what}, which JSON cannot store exactly`);
  };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`is ${value}`);
    return;
  }
  if (typeof value !== 'object') return fail(`is a ${typeof value}`);
  if (seen.has(value)) fail('contains a cycle');
  seen.add(value);
  if (Array.isArray(value)) value.forEach((item, i) => assertJson(item, `${path}[${i}]`, seen));
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) assertJson(item, `${path}.${key}`, seen);
  else fail(`is a ${value.constructor?.name ?? 'non-plain object'}`);
  seen.delete(value);
}

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/**
 * Lists every difference between two JSON values as `path: checkpoint X, model Y` lines.
 * Objects are compared key by key, arrays of equal length item by item, anything else whole.
 */
export function diffJson(checkpoint: unknown, model: unknown, path: string): string[] {
  if (isPlainObject(checkpoint) && isPlainObject(model)) {
    const keys = [...new Set([...Object.keys(checkpoint), ...Object.keys(model)])].sort();
    return keys.flatMap((key) => diffJson(checkpoint[key], model[key], `${path}.${key}`));
  }
  if (Array.isArray(checkpoint) && Array.isArray(model) && checkpoint.length === model.length) {
    return checkpoint.flatMap((item: unknown, i) => diffJson(item, model[i], `${path}[${i}]`));
  }
  const a = show(checkpoint);
  const b = show(model);
  return a === b ? [] : [`${path}: checkpoint ${a}, model ${b}`];
}
