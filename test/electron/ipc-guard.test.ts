// The wrapper every IPC handler is registered through: it is the shell's only use of ipcMain,
// foreign senders are refused before the services see anything, and random payloads from the
// app itself get only typed errors.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSender, guardedCall, type Dispatch, type SenderInfo } from '../../main/electron/ipc/guard';
import { handleCall } from '../../main/services/index';
import { channels, resultSchema } from '../../preload/api';
import { tempSession, type TempSession } from './helpers';

const APP: SenderInfo = { frameUrl: 'app://longshot/index.html', isMainFrame: true };

/** A small deterministic generator (mulberry32), so a failing payload can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random junk of the kinds IPC can carry: scalars, huge strings, deep nesting, hostile keys. */
function junk(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 9 : 12));
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return next() < 0.5;
    case 3: return [0, -1, 1e308, -0, Number.NaN, Infinity, 2 ** 53, 0.5][Math.floor(next() * 8)];
    case 4: return 'x'.repeat(Math.floor(next() * 10) ** 5);
    case 5: return ['', '../../etc/passwd', '\0', '%00', 'DROP TABLE jobs;', '<script>', 'ä̸̢'][Math.floor(next() * 7)];
    case 6: return new Uint8Array(Math.floor(next() * 64));
    case 7: return new Date(0);
    case 8: return BigInt(Math.floor(next() * 1000));
    case 9: return Array.from({ length: Math.floor(next() * 5) }, () => junk(next, depth + 1));
    case 10: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    default: {
      const keys = ['projectId', 'id', 'name', 'path', 'patch', 'caption', 'settings', 'captions', 'seed', 'text', 'extra'];
      return Object.fromEntries(keys.filter(() => next() < 0.4).map((k) => [k, junk(next, depth + 1)]));
    }
  }
}

describe('registration', () => {
  it('registers handlers in one place only: register.ts, through the guard', () => {
    const shell = fileURLToPath(new URL('../../main/electron', import.meta.url));
    const sources = readdirSync(shell, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    // Any way main can listen to a renderer: ipcMain's handlers and listeners, or a contents' own.
    const listening = /\bipcMain\s*\.\s*(handle|handleOnce|on|once|addListener)\b|\.ipc\s*\.\s*(handle|on|once)\b/;
    const users = sources.filter((file) => listening.test(readFileSync(join(shell, file), 'utf8')));
    expect(users).toEqual([join('ipc', 'register.ts')]);
    const register = readFileSync(join(shell, 'ipc', 'register.ts'), 'utf8');
    expect(register.match(/ipcMain\.handle\(/g)).toHaveLength(1);
    expect(register).toMatch(/ipcMain\.handle\([^;]*guardedCall\(/);
  });
});

describe('sender check', () => {
  it('accepts only the main frame of the app origin', () => {
    expect(checkSender(APP)).toEqual({ ok: true });
    const refused: SenderInfo[] = [
      { frameUrl: undefined, isMainFrame: true },
      { frameUrl: 'app://longshot/index.html', isMainFrame: false },
      { frameUrl: 'https://evil.example/', isMainFrame: true },
      { frameUrl: 'file:///home/user/page.html', isMainFrame: true },
      { frameUrl: 'app://evil/index.html', isMainFrame: true },
      { frameUrl: 'app://longshot:1234/index.html', isMainFrame: true },
      { frameUrl: 'app://x@longshot/index.html', isMainFrame: true },
      { frameUrl: 'longshot-media://abc/media/x.png', isMainFrame: true },
      { frameUrl: 'about:blank', isMainFrame: true },
      { frameUrl: 'devtools://devtools/bundled/inspector.html', isMainFrame: true },
      { frameUrl: 'http://127.0.0.1:5173/', isMainFrame: true },
    ];
    for (const sender of refused) expect(checkSender(sender).ok, JSON.stringify(sender)).toBe(false);
  });
});

describe('guarded IPC calls', () => {
  let session: TempSession;
  let dispatch: Dispatch;
  let dispatched: string[];
  const log: string[] = [];

  beforeAll(() => {
    session = tempSession();
    dispatched = [];
    dispatch = (channel, input) => {
      dispatched.push(channel);
      return handleCall(channel, input, session.ctx);
    };
  });

  afterAll(() => session.dispose());

  it('refuses a foreign sender before the services run, and logs it', async () => {
    const before = dispatched.length;
    const answer = await guardedCall('projects.create', { frameUrl: 'https://evil.example/', isMainFrame: true }, { name: 'Pwned' }, dispatch, (m) => log.push(m));
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('outside the app') } });
    expect(dispatched.length).toBe(before);
    expect(log.at(-1)).toContain('refused IPC call projects.create');
    const listed = await guardedCall('projects.listRecent', APP, {}, dispatch, (m) => log.push(m));
    expect(listed).toEqual({ ok: true, value: [] });
  });

  it('turns a dispatcher that throws into an internal error', async () => {
    const throwing: Dispatch = () => Promise.reject(new Error('boom'));
    const answer = await guardedCall('system.info', APP, {}, throwing, (m) => log.push(m));
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: 'system.info failed unexpectedly' } });
  });

  it('answers fuzzed payloads on every channel with a Result and typed errors only', async () => {
    const project = await session.createProject('Fuzz');
    const next = random(20251124);
    const codes = new Set<string>();
    for (const channel of [...channels, 'no.such', '__proto__.x', 'projects', '']) {
      for (let round = 0; round < 12; round++) {
        const payload = round === 0 ? { projectId: project.id } : junk(next);
        const answer = await guardedCall(channel, APP, payload, dispatch, (m) => log.push(m));
        expect(resultSchema.safeParse(answer).success, `${channel} ${round}`).toBe(true);
        if (!answer.ok) {
          expect(answer.error.code, `${channel}: ${answer.error.message}`).toMatch(/^[a-z][a-z0-9_]*$/);
          expect(answer.error.code, `${channel}: ${answer.error.message}`).not.toBe('internal');
          expect(answer.error.message.length).toBeLessThanOrEqual(600);
          codes.add(answer.error.code);
        }
      }
    }
    expect(codes).toContain('invalid_input');
    expect(codes).toContain('unknown_channel');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
