// footage.import end to end: the service queues an 'import' job, the job host runs the import
// runner (in-process engine), ffmpeg decodes a real clip into the project, and the clip is
// listed, announced as an artifact and served as media. A missing file fails the job, typed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine } from '../../main/jobs/index';
import { locateFfmpeg } from '../../main/media/index';
import { createServiceContext, handleCall, IMPORT_RUNNER_MODULE, projectMediaFile, type ServiceContext } from '../../main/services/index';
import type { EventName, EventPayload } from '../../preload/api';

let home: string;
let clip: string;
let ctx: ServiceContext;
let projectId: string;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await handleCall(channel, input, ctx);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function nextEvent<E extends EventName>(event: E, match: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event in time`)), 30_000);
    const off = ctx.bus.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'longshot-import-'));
  process.env.LONGSHOT_HOME = home;
  clip = join(home, 'clip.mp4');
  const ffmpeg = await locateFfmpeg();
  execFileSync(ffmpeg.path, ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '1.5', '-pix_fmt', 'yuv420p', clip], { stdio: 'ignore' });
  ctx = createServiceContext({ projectsDir: join(home, 'projects'), engine: inProcessEngine({ runnerModules: [IMPORT_RUNNER_MODULE] }) });
  projectId = (await call<{ id: string }>('projects.create', { name: 'Footage', settings: { width: 64, height: 64, fps: 8 } })).id;
});

afterAll(async () => {
  await ctx.close();
  rmSync(home, { recursive: true, force: true });
});

describe('footage.import', () => {
  it('decodes a clip into the project at its size and rate, through the job host', async () => {
    const artifact = nextEvent('artifact', (p) => p.kind === 'footage');
    const done = nextEvent('jobState', (p) => p.status === 'done' || p.status === 'failed');
    const job = await call<{ id: number; kind: string }>('footage.import', { projectId, sourcePath: clip, fit: 'letterbox' });
    expect(job.kind).toBe('import');
    expect(await done).toMatchObject({ jobId: job.id, status: 'done' });
    const [footage] = await call<{ framesPath: string; thumbsPath: string; frameCount: number; width: number; fps: number; fit: string }[]>('footage.list', { projectId });
    expect(footage).toMatchObject({ width: 64, fps: 8, fit: 'letterbox' });
    // 1.5 s at 8 fps.
    expect(footage!.frameCount).toBe(12);
    expect((await artifact).path).toBe(footage!.framesPath);
    expect(projectMediaFile(ctx, projectId, footage!.thumbsPath)).toMatch(/\.png$/);
  });

  it('keeps what the user says happens in a clip, trimmed, and clears it', async () => {
    const [clipRow] = await call<{ id: number; caption: string }[]>('footage.list', { projectId });
    expect(clipRow?.caption).toBe('');
    const captioned = await call<{ id: number; caption: string }>('footage.caption', { projectId, id: clipRow?.id, caption: '  a test pattern scrolls  ' });
    expect(captioned).toMatchObject({ id: clipRow?.id, caption: 'a test pattern scrolls' });
    expect((await call<{ caption: string }[]>('footage.list', { projectId }))[0]?.caption).toBe('a test pattern scrolls');
    const tooLong = await handleCall('footage.caption', { projectId, id: clipRow?.id, caption: 'x'.repeat(2001) }, ctx);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await handleCall('footage.caption', { projectId, id: 999, caption: 'x' }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await call<{ caption: string }>('footage.caption', { projectId, id: clipRow?.id, caption: '' })).caption).toBe('');
  });

  it('fails the job with the media error when the source does not exist', async () => {
    const ended = nextEvent('jobState', (p) => p.status === 'done' || p.status === 'failed');
    await call('footage.import', { projectId, sourcePath: join(home, 'missing.mp4'), fit: 'crop' });
    const event = await ended;
    expect(event.status).toBe('failed');
    expect(event.message).toMatch(/missing\.mp4|not found|no such/i);
    expect(await call<unknown[]>('footage.list', { projectId })).toHaveLength(1);
  });
});
