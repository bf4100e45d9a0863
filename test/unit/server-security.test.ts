// The local server's gate (reliability.md, "Local server"): token on every API, media and event
// request, Origin and Host checked, loopback unless remote is explicitly allowed, static files
// and media only through the path check, a CSP on the page. Requests go through node:http so
// that raw paths (`..`, encoded separators) reach the server unnormalised.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { inProcessEngine } from '../../main/jobs/index';
import { startServer, ServerError, type LongshotServer } from '../../main/server/index';
import { createServiceContext, type ServiceContext } from '../../main/services/index';

let base: string;
let server: LongshotServer;
let ctx: ServiceContext;
let host: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.origin}${path.startsWith('/') ? '' : '/'}`, { method: options.method ?? 'GET', headers: options.headers, path }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function api(channel: string, input: unknown, headers: Record<string, string> = { authorization: `Bearer ${server.token}` }) {
  return send(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });
}

function connect(query: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/events${query}`, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.once('error', () => undefined);
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'longshot-server-'));
  process.env.LONGSHOT_HOME = join(base, 'home');
  const renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'outside.txt'), 'outside');
  ctx = createServiceContext({ projectsDir: join(base, 'projects'), engine: inProcessEngine({ runnerModules: [] }) });
  server = await startServer({ rendererDir: renderer, ctx });
  host = new URL(server.origin).host;
});

afterAll(async () => {
  await server.close();
  await ctx.close();
  rmSync(base, { recursive: true, force: true });
});

describe('the API gate', () => {
  it('listens on loopback and prints a page address carrying the token in the fragment', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.pageUrl).toBe(`${server.origin}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a call without a token, or with a wrong one, with 401', async () => {
    expect((await api('system.info', {}, {})).status).toBe(401);
    const wrong = await api('system.info', {}, { authorization: `Bearer ${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses a foreign Origin with 403, even with the right token', async () => {
    const answer = await api('system.info', {}, { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' });
    expect(answer.status).toBe(403);
    expect((await api('system.info', {}, { authorization: `Bearer ${server.token}`, origin: `http://localhost:1` })).status).toBe(403);
  });

  it('refuses a Host name it does not serve (DNS rebinding) with 403', async () => {
    const answer = await api('system.info', {}, { authorization: `Bearer ${server.token}`, host: `attacker.example:${new URL(server.origin).port}` });
    expect(answer.status).toBe(403);
  });

  it('answers a good call, from its own origin or with the token as a query parameter', async () => {
    const answer = await api('projects.create', { name: 'Served' }, { authorization: `Bearer ${server.token}`, origin: server.origin });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { name: 'Served' } });
    const viaQuery = await send(`/api/projects.listRecent?token=${server.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(JSON.parse(viaQuery.body)).toMatchObject({ ok: true });
  });

  it('turns bad bodies into typed errors', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    const notJson = await send('/api/system.info', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    const form = await send('/api/system.info', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(415);
    const huge = await send('/api/system.info', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: 'x'.repeat(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const unknown = await api('nope.nothing', {});
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect((await send('/api/system.info', { headers: auth })).status).toBe(405);
  });
});

describe('events', () => {
  it('refuses a socket without the token (401) or from a foreign origin (403)', async () => {
    expect(await connect('')).toEqual({ status: 401 });
    expect(await connect('?token=wrong')).toEqual({ status: 401 });
    expect(await connect(`?token=${server.token}`, { origin: 'http://evil.example' })).toEqual({ status: 403 });
  });

  it('delivers bus events to a socket with the token', async () => {
    const opened = await connect(`?token=${server.token}`, { origin: server.origin });
    if (!('socket' in opened)) throw new Error(`refused with ${opened.status}`);
    const received = new Promise<unknown>((resolve) => opened.socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    ctx.bus.log('info', 'test', 'hello socket');
    expect(await received).toMatchObject({ event: 'log', payload: { level: 'info', source: 'test', message: 'hello socket' } });
    opened.socket.close();
  });
});

describe('static files and media', () => {
  it('serves the page with a strict CSP and no referrer, without a token', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://${host}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await send('/assets/app.js')).headers['content-type']).toContain('text/javascript');
  });

  it('refuses traversal out of the renderer folder', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/assets%5c..%5c..%5coutside.txt']) {
      const answer = await send(path);
      expect([400, 404]).toContain(answer.status);
      expect(answer.body).not.toContain('outside');
    }
  });

  it('serves media of an open project with the token, and nothing outside its media folder', async () => {
    const created = JSON.parse((await api('projects.create', { name: 'Media' })).body) as { value: { id: string; path: string } };
    const { id, path } = created.value;
    writeFileSync(join(path, 'media', 'frame.png'), 'png!');
    const token = `token=${server.token}`;
    expect((await send(`/files/${id}/media/frame.png?${token}`)).body).toBe('png!');
    expect((await send(`/files/${id}/media/frame.png`)).status).toBe(401);
    expect((await send(`/files/${id}/project.db?${token}`)).status).toBe(404);
    expect((await send(`/files/${id}/media/..%2fproject.db?${token}`)).status).toBe(400);
    expect((await send(`/files/${id}/media/../../../outside.txt?${token}`)).status).toBe(400);
    expect((await send(`/files/not-open/media/frame.png?${token}`)).status).toBe(404);
  });
});

describe('binding', () => {
  it('refuses a non-loopback address unless remote access is explicitly allowed, then warns', async () => {
    await expect(startServer({ host: '0.0.0.0', ctx })).rejects.toBeInstanceOf(ServerError);
    const warnings: string[] = [];
    const open = await startServer({ host: '0.0.0.0', allowRemote: true, ctx, warn: (line) => warnings.push(line) });
    await open.close();
    expect(warnings.join('\n')).toMatch(/WARNING: listening on 0\.0\.0\.0/);
  });
});
