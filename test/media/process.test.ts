/**
 * The guarded runner and ffmpeg location: deadlines, idle deadlines and cancel kill the whole
 * process group; stderr stays bounded; a missing binary is a typed error; explicit settings win.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../main/media/ffmpeg-path';
import { liveChildCount, runGuarded } from '../../main/media/process';
import { childProcesses, tempDir } from './helpers';

const temp = tempDir('process');
afterAll(() => temp.remove());

/** Whether any process still runs `sleep` with our marker argument. */
function markerAlive(marker: string): boolean {
  const out = execFileSync('ps', ['-A', '-o', 'args='], { encoding: 'utf8' });
  return out.split('\n').some((line) => line.startsWith('sleep') && line.includes(marker));
}

describe('runGuarded', () => {
  it('kills the whole group at the deadline, grandchildren included', async () => {
    const marker = '30.123';
    const started = performance.now();
    const run = runGuarded('sh', ['-c', `sleep ${marker} & sleep ${marker}; wait`], { what: 'test', timeoutMs: 300 });
    await expect(run).rejects.toMatchObject({ code: 'timeout' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(markerAlive(marker)).toBe(false);
    expect(childProcesses()).toEqual([]);
    expect(liveChildCount()).toBe(0);
  });

  it('kills a child that stops producing output', async () => {
    const run = runGuarded('sh', ['-c', 'echo started; sleep 30.456'], { what: 'test', timeoutMs: 20_000, idleTimeoutMs: 200 });
    await expect(run).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('no progress') });
    expect(markerAlive('30.456')).toBe(false);
  });

  it('cancels on abort, and refuses to start when already aborted', async () => {
    const controller = new AbortController();
    const run = runGuarded('sleep', ['30.789'], { what: 'test', timeoutMs: 20_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(markerAlive('30.789')).toBe(false);
    await expect(runGuarded('sleep', ['1'], { what: 'test', timeoutMs: 5000, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('keeps the head and tail of a flood of stderr', async () => {
    const result = await runGuarded('sh', ['-c', 'echo FIRST >&2; head -c 2000000 /dev/zero | tr "\\0" x >&2; echo LAST >&2'], {
      what: 'test', timeoutMs: 20_000, maxStderrBytes: 1000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr.length).toBeLessThan(1100);
    expect(result.stderr.startsWith('FIRST')).toBe(true);
    expect(result.stderr.trimEnd().endsWith('LAST')).toBe(true);
    expect(result.stderr).toContain('[...]');
  });

  it('reports a missing binary as ffmpeg_missing', async () => {
    await expect(runGuarded(join(temp.dir, 'nope'), [], { what: 'test', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'ffmpeg_missing' });
  });
});

describe('locateFfmpeg', () => {
  it('finds a working ffmpeg and says where it came from', async () => {
    const found = await locateFfmpeg();
    expect(found.versionLine).toMatch(/^ffmpeg version /);
    expect(found.version.length).toBeGreaterThan(0);
    expect(['setting', 'env', 'ffmpeg-static', 'ffmpeg-installer', 'path']).toContain(found.source);
    expect(existsSync(found.path)).toBe(true);
  });

  it('prefers an explicit path, then LONGSHOT_FFMPEG', async () => {
    const { path } = await locateFfmpeg();
    expect(await locateFfmpeg({ explicitPath: path })).toMatchObject({ path, source: 'setting' });
    expect(await locateFfmpeg({ env: { ...process.env, LONGSHOT_FFMPEG: path } })).toMatchObject({ path, source: 'env' });
  });

  it('refuses an explicit path that is not a working ffmpeg', async () => {
    await expect(locateFfmpeg({ explicitPath: join(temp.dir, 'missing-ffmpeg') })).rejects.toMatchObject({ code: 'ffmpeg_missing' });
    await expect(locateFfmpeg({ explicitPath: '/bin/echo' })).rejects.toMatchObject({ code: 'ffmpeg_missing' });
  });
});
