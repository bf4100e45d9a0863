import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  closeProject,
  createProject,
  openProject,
  PROJECT_DB_FILE,
  replaceStoryboard,
  type ProjectErrorCode,
} from '../../main/project/index';
import { errorOf, fileHash, useTempHome } from './helpers';

const home = useTempHome();

/** A real 1x1 PNG, built from the format: signature, IHDR, IDAT, IEND. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A closed project with some rows, as bytes. */
function realProjectBytes(): Buffer {
  const project = createProject(home.dir(), `source-${randomBytes(3).toString('hex')}`);
  const captions = Array.from({ length: 200 }, (_, i) => ({ startSec: i, endSec: i + 1, text: `caption number ${i} `.repeat(8) }));
  replaceStoryboard(project.db, captions);
  closeProject(project);
  return readFileSync(join(project.path, PROJECT_DB_FILE));
}

function foreignSqlite(file: string, applicationId: number, wal: boolean): void {
  const db = new Database(file);
  if (wal) db.pragma('journal_mode = WAL');
  if (applicationId !== 0) db.pragma(`application_id = ${applicationId}`);
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('not yours')");
  db.close();
}

const cases: [string, ProjectErrorCode, (file: string) => void][] = [
  ['an empty file', 'corrupt', (f) => writeFileSync(f, '')],
  ['the first bytes of a database', 'corrupt', (f) => writeFileSync(f, realProjectBytes().subarray(0, 50))],
  ['a database cut in half', 'corrupt', (f) => {
    const bytes = realProjectBytes();
    writeFileSync(f, bytes.subarray(0, bytes.length / 2));
  }],
  ['a database cut mid-page', 'corrupt', (f) => {
    writeFileSync(f, realProjectBytes());
    truncateSync(f, 4096 + 100);
  }],
  ['a database with a damaged page', 'corrupt', (f) => {
    const bytes = realProjectBytes();
    Buffer.alloc(4096, 0xa5).copy(bytes, 4096 * 3);
    writeFileSync(f, bytes);
  }],
  ['random bytes', 'not_a_project', (f) => writeFileSync(f, randomBytes(8192))],
  ['a PNG renamed', 'not_a_project', (f) => writeFileSync(f, png())],
  ['a text file', 'not_a_project', (f) => writeFileSync(f, 'hello\n')],
  ["another app's SQLite file", 'not_a_project', (f) => foreignSqlite(f, 0, false)],
  ["another app's SQLite file in WAL mode with its own application_id", 'not_a_project', (f) => foreignSqlite(f, 0x12345678, true)],
];

describe('bad project files', () => {
  it.each(cases)('%s: a typed %s error in under a second, the file untouched', (_label, code, make) => {
    const folder = join(home.dir(), 'bad.longshot');
    mkdirSync(folder);
    const file = join(folder, PROJECT_DB_FILE);
    make(file);
    const before = fileHash(file);
    for (const path of [folder, file]) {
      const started = performance.now();
      const error = errorOf(() => openProject(path));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(error.code).toBe(code);
      expect(error.message).toContain(file);
      expect(error.message).not.toContain('\n');
    }
    expect(fileHash(file)).toBe(before);
    expect(readdirSync(folder)).toEqual([PROJECT_DB_FILE]);
  });

  it('reads our application_id as the header check does', () => {
    const bytes = realProjectBytes();
    expect(bytes.readUInt32BE(68)).toBe(APPLICATION_ID);
    expect(bytes.subarray(68, 72).toString('latin1')).toBe('LSHT');
  });
});
