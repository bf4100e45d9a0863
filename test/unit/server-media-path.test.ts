// The one media path check (main/services/media-path.ts) against traversal: `..`, absolute
// paths, drive letters, backslashes, encoded separators and dots, NUL, malformed encoding, and
// symbolic links that lead out of the folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaPathError, mediaPathSegments, resolveMediaPath } from '../../main/services/index';

let base: string;
let project: string;
let media: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'longshot-paths-'));
  project = join(base, 'Film.longshot');
  media = join(project, 'media');
  mkdirSync(join(media, 'previews'), { recursive: true });
  writeFileSync(join(media, 'previews', 'a b.png'), 'png');
  writeFileSync(join(project, 'project.db'), 'db');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(media, 'leak.txt'));
  symlinkSync(base, join(media, 'up'));
  symlinkSync(join(media, 'previews', 'a b.png'), join(media, 'inside.png'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

function code(encoded: string): string | undefined {
  try {
    resolveMediaPath(project, encoded, media);
    return undefined;
  } catch (error) {
    if (error instanceof MediaPathError) return error.code;
    throw error;
  }
}

describe('resolveMediaPath', () => {
  it('serves a file inside the media folder, decoding each segment once', () => {
    expect(resolveMediaPath(project, 'media/previews/a%20b.png', media)).toBe(join(media, 'previews', 'a b.png'));
    expect(resolveMediaPath(project, 'media/inside.png', media)).toBe(join(media, 'previews', 'a b.png'));
  });

  it.each([
    ['..', 'parent segment'],
    ['media/../project.db', 'parent segment in the middle'],
    ['media/previews/../../../secret.txt', 'climbing out'],
    ['%2e%2e/secret.txt', 'encoded dots'],
    ['media/%2E%2E/project.db', 'encoded dots, upper case'],
    ['media%2f..%2fproject.db', 'encoded slash'],
    ['media%5c..%5cproject.db', 'encoded backslash'],
    ['media\\..\\project.db', 'backslashes'],
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/win.ini', 'drive letter'],
    ['media/a%00.png', 'encoded NUL'],
    ['media/a\u0000.png', 'raw NUL'],
    ['media/%zz.png', 'malformed encoding'],
    ['media//previews/a%20b.png', 'empty segment'],
    ['./media/inside.png', 'dot segment'],
    ['', 'empty'],
    ['a/'.repeat(600), 'too long'],
  ])('refuses %s (%s) as an invalid path', (encoded) => {
    expect(code(encoded)).toBe('invalid_path');
  });

  it('refuses files outside the media folder, directly or through symbolic links', () => {
    expect(code('project.db')).toBe('outside_project');
    expect(code('media/leak.txt')).toBe('outside_project');
    expect(code('media/up/secret.txt')).toBe('outside_project');
  });

  it('answers not_found for missing files and for folders', () => {
    expect(code('media/none.png')).toBe('not_found');
    expect(code('media/previews')).toBe('not_found');
    expect(() => resolveMediaPath(join(base, 'nowhere'), 'a.png')).toThrow(MediaPathError);
  });

  it('splits only on real separators', () => {
    expect(mediaPathSegments('media/previews/a%20b.png')).toEqual(['media', 'previews', 'a b.png']);
  });
});
