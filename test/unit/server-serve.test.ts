// `longshot serve`: prints the page address with the token, answers calls with it, refuses a
// non-number port, and stops cleanly when its signal is aborted (Ctrl-C).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';

let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'longshot-serve-'));
  process.env.LONGSHOT_HOME = home;
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('longshot serve', () => {
  it('serves until interrupted, printing an address that carries the token', async () => {
    const out: string[] = [];
    const controller = new AbortController();
    let announce: (url: string) => void = () => undefined;
    const printed = new Promise<string>((resolve) => {
      announce = resolve;
    });
    const io = {
      out: (line: string) => {
        out.push(line);
        const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(line)?.[1];
        if (url) announce(url);
      },
      err: (line: string) => out.push(line),
      signal: controller.signal,
    };
    const exit = main(['serve', '--projects', join(home, 'projects')], io);
    const url = new URL(await printed);
    const token = url.hash.slice('#token='.length);
    const answer = await fetch(`${url.origin}/api/projects.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'From serve' }),
    });
    expect(await answer.json()).toMatchObject({ ok: true, value: { path: join(home, 'projects', 'From serve.longshot') } });
    controller.abort();
    expect(await exit).toBe(0);
    expect(out.at(-1)).toBe('Stopped.');
    await expect(fetch(`${url.origin}/`)).rejects.toThrow();
  });

  it('refuses a port that is not a number', async () => {
    const err: string[] = [];
    expect(await main(['serve', '--port', 'eighty'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err[0]).toMatch(/--port must be 0\.\.65535/);
  });
});
