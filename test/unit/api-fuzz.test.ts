// Contract fuzz: random and mutated payloads to every channel through handleCall. Whatever
// arrives, the answer is a Result whose error, if any, has a typed code: never a throw, never
// 'internal', never a crash. Seeded, so a failure reproduces.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine } from '../../main/jobs/index';
import { addCaption, createJob, createRun, createTake } from '../../main/project/index';
import { createServiceContext, handleCall, type ServiceContext } from '../../main/services/index';
import { channels, resultSchema, type Channel, type Result } from '../../preload/api';
import { prng } from '../media/helpers';

/**
 * A typed error has a lower_snake code (errors.ts passes those through); 'internal' means an
 * untyped throw reached the dispatcher, which is a bug.
 */
function isTypedCode(code: string): boolean {
  return /^[a-z][a-z0-9_]*$/.test(code) && code !== 'internal';
}

// Paths that are hostile but cannot write outside the sandbox: they resolve to files, or stay
// relative to the sandbox working directory. A fuzzer running as root must not mkdir in '/'.
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '../../../../../../etc/passwd', '/etc/passwd', '/proc/self/environ', 'C:\\Windows\\x',
  '%2e%2e%2f%2e%2e', '..%2f..%2fetc', '\u202e\u0301', '😀'.repeat(50), 'x'.repeat(300_000), '__proto__', 'constructor',
  '{"a":1}', 'NaN', '-1', '1e309', 'projects.create',
];

function junk(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * 12);
  const int = () => Math.floor(next() * 2000) - 1000;
  switch (pick) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return int();
    case 3: return [Number.MAX_SAFE_INTEGER + 2, -0, 1e308, 0.5, -1, 2 ** 32][Math.floor(next() * 6)];
    case 4: return NASTY_STRINGS[Math.floor(next() * NASTY_STRINGS.length)];
    case 5: return Array.from({ length: 1 + Math.floor(next() * 8) }, () => String.fromCharCode(32 + Math.floor(next() * 0x2000))).join('');
    case 6: return depth > 3 ? [] : Array.from({ length: Math.floor(next() * 4) }, () => junk(next, depth + 1));
    case 7: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}`, junk(next, depth + 1)]));
    case 8: return JSON.parse('{"__proto__": {"polluted": true}, "projectId": "x"}');
    case 9: return Array.from({ length: 10_000 }, () => 0);
    case 10: return undefined;
    default: return { projectId: junk(next, depth + 1) };
  }
}

/** Replaces, drops or adds one field at a random depth of a valid payload. */
function mutate(value: unknown, next: () => number): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return junk(next);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(next() * keys.length)];
  const action = next();
  if (key === undefined || action < 0.15) copy[`extra${Math.floor(next() * 9)}`] = junk(next);
  else if (action < 0.3) delete copy[key];
  else if (action < 0.6 && typeof copy[key] === 'object') copy[key] = mutate(copy[key], next);
  else copy[key] = junk(next);
  return copy;
}

/** Replaces one leaf of a valid payload with a value of the same type: reaches the services. */
function perturb(value: unknown, next: () => number): unknown {
  if (typeof value === 'number') return [0, -1, 1, 2 ** 31, 2 ** 53 - 1, 0.5, 3600, 1e-9][Math.floor(next() * 8)];
  if (typeof value === 'string') return NASTY_STRINGS[Math.floor(next() * NASTY_STRINGS.length)];
  if (typeof value === 'boolean') return !value;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = Array.isArray(value) ? [...value] as unknown as Record<string, unknown> : { ...value };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(next() * keys.length)];
  if (key !== undefined) copy[key] = perturb(copy[key], next);
  return copy;
}

let sandbox: string;
let ctx: ServiceContext;
/**
 * A valid payload per channel, so that mutations reach the services. A channel added to the
 * contract without one here is still fuzzed, from a bare `{ projectId }`.
 */
let valid: Partial<Record<Channel, unknown>>;
let fallback: unknown;
const cwd = process.cwd();

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'longshot-fuzz-'));
  process.env.LONGSHOT_HOME = join(sandbox, 'home');
  mkdirSync(join(sandbox, 'work'));
  // Relative paths the fuzzer invents land in the sandbox, not in the repository.
  process.chdir(join(sandbox, 'work'));
  ctx = createServiceContext({ projectsDir: join(sandbox, 'projects'), engine: inProcessEngine({ runnerModules: [] }) });
  const created = await handleCall('projects.create', { name: 'Fuzz' }, ctx);
  if (!created.ok) throw new Error(created.error.message);
  const { id: projectId, path } = created.value as { id: string; path: string };
  const db = ctx.projects.get(projectId).db;
  const caption = addCaption(db, { startSec: 0, endSec: 2, text: 'a field' });
  const run = createRun(db);
  const take = createTake(db, { runId: run.id, seed: 3 });
  const job = createJob(db, { kind: 'eval', params: {} });
  const p = { projectId };
  fallback = p;
  valid = {
    'system.info': {},
    'projects.listRecent': {},
    'projects.create': { name: 'Other', settings: { fps: 8 } },
    'projects.open': { path },
    'projects.close': { projectId: 'not-open-handle' },
    'projects.forget': { path: join(sandbox, 'gone.longshot') },
    'projects.getSettings': p,
    'projects.updateSettings': { ...p, patch: { seed: 5, name: 'Fuzz' } },
    'projects.backup': { ...p, destPath: join(sandbox, 'backup.db') },
    'storyboard.list': p,
    'storyboard.add': { ...p, caption: { startSec: 1, endSec: 3, text: 'more' } },
    'storyboard.update': { ...p, id: caption.id, patch: { text: 'changed' } },
    'storyboard.delete': { ...p, id: 999 },
    'storyboard.replace': { ...p, captions: [{ id: caption.id, startSec: 0, endSec: 2, text: 'a field' }] },
    'footage.import': { ...p, sourcePath: join(sandbox, 'missing.mp4'), fit: 'crop' },
    'footage.list': p,
    'footage.caption': { ...p, id: 1, caption: 'waves roll in' },
    'footage.delete': { ...p, id: 1 },
    'jobs.list': p,
    'jobs.get': { ...p, id: job.id },
    'jobs.cancel': { ...p, id: job.id },
    'jobs.resume': { ...p, id: job.id },
    'generation.start': { ...p, seed: 1 },
    'generation.listRuns': p,
    'generation.regenerate': { ...p, runId: run.id, fromChunk: 1, seed: 2, captionOverrides: [{ captionId: caption.id, text: 'x' }] },
    'generation.listTakes': { ...p, runId: run.id },
    'generation.chooseTake': { ...p, takeId: take.id },
    'generation.listChunks': { ...p, takeId: take.id },
    'memory.inspect': { ...p, timeSec: 1 },
    'memory.budget': { modelPreset: 'tiny', memoryPreset: '2x2x2', durationSec: 5 },
    'memory.fidelityStrip': p,
    'memory.fidelity': p,
    'training.start': { ...p, stage: 'finetune', modelPreset: 'tiny', steps: 10 },
    'training.listRuns': p,
    'training.metrics': { ...p, runId: 1 },
    'training.modelFromCheckpoint': { ...p, runId: 1 },
    'models.list': p,
    'export.start': { ...p, settings: { crf: 18, subtitles: 'none', chapters: false, fileName: 'a.mp4' } },
    'export.list': p,
  };
});

afterAll(async () => {
  await ctx.close();
  process.chdir(cwd);
  rmSync(sandbox, { recursive: true, force: true });
});

/** Calls a channel and checks the answer is a Result with a typed error code; returns it. */
async function expectTyped(channel: string, input: unknown): Promise<Result<unknown>> {
  const result = await handleCall(channel, input, ctx);
  expect(resultSchema.safeParse(result).success).toBe(true);
  if (result.ok) return result;
  if (!isTypedCode(result.error.code)) {
    throw new Error(`${channel} answered '${result.error.code}: ${result.error.message}' to ${JSON.stringify(input)?.slice(0, 300)}`);
  }
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.message.length).toBeLessThan(700);
  return result;
}

describe('contract fuzz', () => {
  it('accepts or refuses each valid payload with a typed code', async () => {
    expect(Object.keys(valid).length).toBeGreaterThanOrEqual(30);
    for (const channel of channels) await expectTyped(channel, valid[channel] ?? fallback);
  });

  it('answers random junk on every channel with typed errors only', async () => {
    const next = prng(1);
    for (const channel of channels) {
      for (let i = 0; i < 25; i++) await expectTyped(channel, junk(next));
    }
  });

  it('answers mutated valid payloads with results or typed errors only', async () => {
    const next = prng(2);
    for (const channel of channels) {
      for (let i = 0; i < 20; i++) await expectTyped(channel, mutate(valid[channel] ?? fallback, next));
    }
  });

  it('answers valid payloads with one hostile value with results or typed errors only', async () => {
    const next = prng(3);
    const reached = new Map<string, number>();
    for (const channel of channels) {
      for (let i = 0; i < 20; i++) {
        const result = await expectTyped(channel, perturb(valid[channel] ?? fallback, next));
        const code = result.ok ? 'ok' : result.error.code;
        reached.set(code, (reached.get(code) ?? 0) + 1);
      }
    }
    // Hostile values must get past the schemas into the services and the store, not only bounce.
    const beyondSchemas = [...reached].filter(([code]) => code !== 'invalid_input').reduce((n, [, count]) => n + count, 0);
    expect(beyondSchemas).toBeGreaterThan(150);
  });

  it('answers unknown channel names, including prototype keys, with unknown_channel', async () => {
    for (const name of ['', 'nope', 'projects', 'projects.', '__proto__', 'constructor', 'projects.__proto__', 'toString', 'x'.repeat(10_000), 'storyboard.list.extra']) {
      const result = await handleCall(name, {}, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(await handleCall(42 as unknown as string, {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('leaves Object.prototype unpolluted', () => {
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});
