// The two URL schemes of the shell: app:// serves only the built renderer, longshot-media://
// only files in the media folder of an open project. Traversal in every disguise must fail.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppRequest, resolveMediaRequest, type MediaLookup, type ProtocolAnswer } from '../../main/electron/protocols/resolve';
import { projectMediaFile } from '../../main/services/index';
import { tempSession, type TempSession } from './helpers';

function status(answer: ProtocolAnswer): number {
  return answer.kind === 'error' ? answer.status : 200;
}

describe('media scheme', () => {
  let session: TempSession;
  let id: string;
  let projectPath: string;
  let lookup: MediaLookup;
  let outside: string;
  const url = (path: string, projectId = id) => `longshot-media://${projectId}/${path}`;
  const get = (path: string, projectId = id) => resolveMediaRequest(url(path, projectId), 'GET', lookup);

  beforeAll(async () => {
    session = tempSession();
    ({ id, path: projectPath } = await session.createProject('Media'));
    lookup = (projectId, encodedPath) => projectMediaFile(session.ctx, projectId, encodedPath);
    mkdirSync(join(projectPath, 'media', 'previews'), { recursive: true });
    writeFileSync(join(projectPath, 'media', 'previews', '0001.png'), 'png');
    writeFileSync(join(projectPath, 'media', 'previews', 'my frame.png'), 'png');
    outside = join(session.home, 'secret.txt');
    writeFileSync(outside, 'secret');
    mkdirSync(join(session.home, 'secret-dir'));
    writeFileSync(join(session.home, 'secret-dir', 'key.txt'), 'secret');
    symlinkSync(outside, join(projectPath, 'media', 'link-out.png'));
    symlinkSync(join(session.home, 'secret-dir'), join(projectPath, 'media', 'dir-out'));
    symlinkSync(join(projectPath, 'project.db'), join(projectPath, 'media', 'db-link'));
    symlinkSync(join(projectPath, 'media', 'previews', '0001.png'), join(projectPath, 'media', 'inside-link.png'));
  });

  afterAll(() => session.dispose());

  it('serves a file of the media folder, query and fragment ignored', () => {
    const real = realpathSync(join(projectPath, 'media', 'previews', '0001.png'));
    expect(get('media/previews/0001.png')).toEqual({ kind: 'file', path: real, page: false });
    expect(get('media/previews/0001.png?t=3#frame')).toEqual({ kind: 'file', path: real, page: false });
    expect(get('media/previews/my%20frame.png')).toMatchObject({ kind: 'file' });
    // A link that stays inside the media folder is fine.
    expect(get('media/inside-link.png')).toEqual({ kind: 'file', path: real, page: false });
  });

  it.each([
    ['a parent segment', '../project.db', 400],
    ['a parent segment inside', 'media/../project.db', 400],
    ['encoded dots', 'media/%2e%2e/project.db', 400],
    ['upper-case encoded dots', 'media/%2E%2E/%2E%2E/secret.txt', 400],
    ['an encoded slash', 'media%2f..%2fproject.db', 400],
    ['an encoded traversal', '%2e%2e%2f%2e%2e%2fsecret.txt', 400],
    ['an encoded backslash', 'media/..%5cproject.db', 400],
    ['a backslash', 'media\\..\\project.db', 400],
    ['an absolute path', '/etc/passwd', 400],
    ['a drive letter', 'C:/Windows/win.ini', 400],
    ['a NUL byte', 'media/previews/0001.png%00.txt', 400],
    ['a control character', 'media/previews/%0a0001.png', 400],
    ['bad percent-encoding', 'media/previews/%zz.png', 400],
    ['an empty path', '', 400],
    ['a file of the project outside media', 'project.db', 403],
    ['a symlink to a file outside', 'media/link-out.png', 403],
    ['a symlinked folder outside', 'media/dir-out/key.txt', 403],
    ['a symlink to the database', 'media/db-link', 403],
    ['a folder', 'media/previews', 404],
    ['a missing file', 'media/previews/9999.png', 404],
  ])('refuses %s', (_what, path, expected) => {
    expect(status(get(path))).toBe(expected);
  });

  it('refuses unknown, mis-cased and malformed project handles, and other schemes', () => {
    expect(status(get('media/previews/0001.png', 'NoSuchProject123'))).toBe(404);
    const flipped = [...id].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
    if (flipped !== id) expect(status(get('media/previews/0001.png', flipped))).toBe(404);
    expect(status(get('media/previews/0001.png', 'a.b'))).toBe(400);
    expect(status(get('media/previews/0001.png', '..'))).toBe(400);
    expect(status(resolveMediaRequest(`longshot-media://${id}`, 'GET', lookup))).toBe(400);
    expect(status(resolveMediaRequest(`file://${projectPath}/media/previews/0001.png`, 'GET', lookup))).toBe(400);
    expect(status(resolveMediaRequest(`${url('media/previews/0001.png')}${'a'.repeat(5000)}`, 'GET', lookup))).toBe(400);
  });

  it('answers only GET and HEAD', () => {
    expect(status(resolveMediaRequest(url('media/previews/0001.png'), 'HEAD', lookup))).toBe(200);
    expect(status(resolveMediaRequest(url('media/previews/0001.png'), 'POST', lookup))).toBe(405);
  });

  it('stops serving a project once it is closed', async () => {
    const other = await session.createProject('Closed');
    mkdirSync(join(other.path, 'media'), { recursive: true });
    writeFileSync(join(other.path, 'media', 'a.png'), 'png');
    expect(status(get('media/a.png', other.id))).toBe(200);
    await session.ctx.projects.close(other.id);
    expect(status(get('media/a.png', other.id))).toBe(404);
  });
});

describe('app scheme', () => {
  let root: string;
  let renderer: string;
  const get = (url: string, dir = renderer) => resolveAppRequest(url, 'GET', dir);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'longshot-renderer-'));
    renderer = join(root, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    writeFileSync(join(renderer, 'assets', 'index-abc.js'), '');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'link.js'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the page at / and its assets', () => {
    const index = realpathSync(join(renderer, 'index.html'));
    expect(get('app://longshot/')).toEqual({ kind: 'file', path: index, page: true });
    expect(get('app://longshot/index.html?x=1')).toEqual({ kind: 'file', path: index, page: true });
    expect(get('app://longshot/assets/index-abc.js')).toEqual({ kind: 'file', path: realpathSync(join(renderer, 'assets', 'index-abc.js')), page: false });
  });

  it.each([
    // The URL parser resolves dot segments first, so these look for the file inside the renderer.
    ['a parent segment', 'app://longshot/../secret.txt', 404],
    ['encoded dots', 'app://longshot/assets/%2e%2e/%2e%2e/secret.txt', 404],
    ['an encoded slash', 'app://longshot/assets%2f..%2f..%2fsecret.txt', 400],
    ['an encoded backslash', 'app://longshot/assets/..%5c..%5csecret.txt', 400],
    ['a NUL byte', 'app://longshot/index.html%00', 400],
    ['a symlink out', 'app://longshot/assets/link.js', 403],
    ['another host', 'app://evil/index.html', 403],
    ['credentials', 'app://user@longshot/index.html', 403],
    ['a port', 'app://longshot:99/index.html', 403],
    ['another scheme', 'file:///etc/passwd', 403],
    ['a missing asset', 'app://longshot/assets/none.js', 404],
  ])('refuses %s', (_what, url, expected) => {
    expect(status(get(url))).toBe(expected);
  });

  it('says the renderer is not built when it is missing, and answers only GET and HEAD', () => {
    expect(get('app://longshot/', join(root, 'missing'))).toMatchObject({ kind: 'error', status: 503 });
    expect(status(resolveAppRequest('app://longshot/', 'PUT', renderer))).toBe(405);
  });
});
