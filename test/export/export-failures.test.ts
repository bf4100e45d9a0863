/**
 * An export that does not finish leaves nothing at its final paths and no export row: cancel
 * (while checking frames and while encoding), a disk that fills up under ffmpeg (a file-size
 * limit on the ffmpeg process, so its writes fail as on a full disk) or under the subtitle
 * writes, and ffmpeg killed mid-stream, which must reject quickly.
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTake, type ExportRequest } from '../../main/jobs/export/export-take';
import { locateFfmpeg } from '../../main/media/index';
import { listExports, type Project } from '../../main/project/index';
import { childProcesses } from '../media/helpers';
import { exportProjects } from './fixtures';

const projects = exportProjects();
let project: Project;
let ffmpeg: string;

beforeAll(async () => {
  // Forty seconds at 8 fps, encoded 8x upscaled: long enough to interrupt mid-stream.
  ({ project } = projects.create('Long', { durationSec: 40 }));
  ffmpeg = (await locateFfmpeg()).path;
});
afterAll(() => projects.dispose());

/** Checks that an export to `name` left no file, no temp file, no process and no row. */
function nothingLeft(name: string): void {
  const stem = name.replace(/\.mp4$/, '');
  expect(readdirSync(projects.dir).filter((f) => f.includes(stem))).toEqual([]);
  expect(childProcesses()).toEqual([]);
  expect(listExports(project.db)).toEqual([]);
}

function request(name: string, extra: Partial<ExportRequest> = {}): ExportRequest {
  return { out: join(projects.dir, name), upscale: { factor: 8, filter: 'neighbor' }, ...extra };
}

describe('an export that does not finish', () => {
  it('stops on cancel while checking frames', async () => {
    const controller = new AbortController();
    const run = exportTake(project, request('cancel-check.mp4'), {
      backend: 'cpu', signal: controller.signal,
      onProgress: (p) => p.stage === 'checking' && p.done === 100 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    nothingLeft('cancel-check.mp4');
  });

  it('stops on cancel while encoding', async () => {
    const controller = new AbortController();
    const run = exportTake(project, request('cancel-encode.mp4'), {
      backend: 'cpu', signal: controller.signal,
      onProgress: (p) => p.stage === 'encoding' && p.done > 400 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    nothingLeft('cancel-encode.mp4');
  });

  it('fails when the disk fills up under ffmpeg, with no partial file at the final path', async () => {
    // A file-size limit of 64 KiB on ffmpeg: with SIGXFSZ ignored its writes fail with EFBIG.
    const wrapper = join(projects.dir, 'ffmpeg-small-disk.sh');
    writeFileSync(wrapper, `#!/bin/sh\ntrap '' XFSZ\nulimit -f 128\nexec '${ffmpeg}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    // The same wrapper writes a small export fine, so what fails below is the size, not the wrapper.
    const { project: small } = projects.create('Small');
    await expect(exportTake(small, { out: join(projects.dir, 'small.mp4') }, { backend: 'cpu', ffmpegPath: wrapper })).resolves.toMatchObject({ frames: 16 });
    const run = exportTake(project, request('full.mp4', { crf: 0 }), { backend: 'cpu', ffmpegPath: wrapper });
    await expect(run).rejects.toMatchObject({ code: 'encode_failed' });
    expect(existsSync(join(projects.dir, 'full.mp4'))).toBe(false);
    nothingLeft('full.mp4');
  });

  it('fails when the disk fills up under the subtitles, before ffmpeg starts', async () => {
    const full = (): number => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const run = exportTake(project, request('full-subs.mp4'), { backend: 'cpu', io: { write: full } });
    await expect(run).rejects.toMatchObject({ code: 'disk_full' });
    nothingLeft('full-subs.mp4');
  });

  it('rejects quickly when ffmpeg is killed mid-stream', async () => {
    let killedAt = 0;
    const run = exportTake(project, request('killed.mp4'), {
      backend: 'cpu',
      onProgress: (p) => {
        if (killedAt > 0 || p.stage !== 'encoding' || p.done < 400) return;
        const child = childProcesses().find((c) => c.comm.startsWith('ffmpeg'));
        if (!child) return;
        process.kill(child.pid, 'SIGKILL');
        killedAt = performance.now();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'encode_failed' });
    expect(killedAt).toBeGreaterThan(0);
    expect(performance.now() - killedAt).toBeLessThan(2_000);
    nothingLeft('killed.mp4');
  });
});
