// The local server (and the app, through the same services) opening a project another process
// writes: `projects.open` answers at once with the typed error 'in_use' naming the holder's pid,
// which the renderer shows, instead of a second job queue; once the holder is killed the
// project opens, with the takeover logged. And the other way round: a project the server holds
// is refused to a real `longshot render` process, naming the server's pid.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProject, createProject, LEASE_FILE } from '../../main/project/index';
import { startServer, type LongshotServer } from '../../main/server/index';
import type { EventPayload } from '../../preload/api';
import { holdLease, killHolder } from '../project/lease-helpers';

const BIN = fileURLToPath(new URL('../../main/cli/bin.mjs', import.meta.url));
let base: string;
let server: LongshotServer;

async function api(channel: string, input: unknown): Promise<{ ok: boolean; value?: { id: string }; error?: { code: string; message: string } }> {
  const res = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: { id: string }; error?: { code: string; message: string } };
}

function folderOf(name: string): string {
  const project = createProject(join(base, 'projects'), name);
  closeProject(project);
  return project.path;
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'longshot-in-use-'));
  process.env.LONGSHOT_HOME = join(base, 'home');
  // The server's own session, as `longshot serve` makes it (its engine starts only for a job).
  server = await startServer({ projectsDir: join(base, 'projects'), warn: () => undefined });
});

afterAll(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

describe('a project another process writes', () => {
  it('is refused by projects.open with a typed in_use error naming the holder, and opens once the holder is gone', async () => {
    const folder = folderOf('Held');
    const holder = await holdLease(folder);
    try {
      const started = performance.now();
      const refused = await api('projects.open', { path: folder });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(refused).toEqual({
        ok: false,
        error: { code: 'in_use', message: expect.stringMatching(new RegExp(`^project "Held" is being written by pid ${holder.pid} \\(lease holder test, since [^)]+\\); wait for it or end it$`)) },
      });
    } finally {
      await killHolder(holder);
    }
    const logs: EventPayload<'log'>[] = [];
    const stop = server.ctx.bus.on('log', (record) => logs.push(record));
    const opened = await api('projects.open', { path: folder });
    stop();
    expect(opened.ok).toBe(true);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining(`took over project "Held" from pid ${holder.pid}`) }));
    await api('projects.close', { projectId: opened.value?.id });
  });

  it('while the server has it open, is refused to `longshot render` with the server named', async () => {
    const folder = folderOf('Open here');
    const opened = await api('projects.open', { path: folder });
    expect(opened.ok).toBe(true);
    const render = spawnSync(process.execPath, [BIN, 'render', folder], { encoding: 'utf8', env: { ...process.env, LONGSHOT_HOME: join(base, 'home') }, timeout: 60_000 });
    expect(render.status).toBe(75);
    expect(render.stdout).toBe('');
    expect(render.stderr).toMatch(new RegExp(`^longshot: project "Open here" is being written by pid ${process.pid} \\(longshot serve, since [^)]+\\); wait for it or end it\\n$`));

    // Closed in the server, it is free again: the lease went with it.
    expect(existsSync(join(folder, LEASE_FILE))).toBe(true);
    await api('projects.close', { projectId: opened.value?.id });
    expect(existsSync(join(folder, LEASE_FILE))).toBe(false);
  }, 120_000);
});
