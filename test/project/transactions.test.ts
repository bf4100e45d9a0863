/**
 * Every transaction that writes the project database begins IMMEDIATE (main/project/connection.ts
 * says why: a deferred read-then-write transaction fails at once with "database is locked" when
 * another process wrote in between, as a CI run of `longshot render` did while the engine
 * process chose its take). better-sqlite3 runs one connection's calls one at a time, so that
 * race only happens between processes; the rule is kept here over the sources instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../main', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('project database transactions', () => {
  it('begin IMMEDIATE wherever they are opened', () => {
    const deferred: string[] = [];
    let opened = 0;
    for (const file of sources(MAIN)) {
      const text = readFileSync(file, 'utf8');
      const transactions = text.split('db.transaction(').length - 1;
      if (transactions === 0) continue;
      opened += transactions;
      const immediate = text.split('.immediate()').length - 1;
      if (immediate < transactions) deferred.push(`${file}: ${transactions} transactions, ${immediate} begun IMMEDIATE`);
    }
    expect(opened).toBeGreaterThan(5);
    expect(deferred).toEqual([]);
  });
});
