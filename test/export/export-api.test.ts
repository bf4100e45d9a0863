/**
 * The export through the API, as the app does it: `export.start` with the contract's export
 * settings queues an 'export' job, the runner writes media/exports/FILE with its subtitles,
 * `export.list` shows it with its provenance, and artifacts reach the bus as media paths.
 * Cancelling the job through `jobs.cancel` leaves no file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine } from '../../main/jobs/index';
import { closeProject } from '../../main/project/index';
import { createServiceContext, handleCall, type ServiceContext } from '../../main/services/index';
import { exportProjects } from './fixtures';

const EXPORT_RUNNER = fileURLToPath(new URL('../../main/jobs/runners/export.ts', import.meta.url));
const projects = exportProjects();
let ctx: ServiceContext;
let projectId: string;
let projectPath: string;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await handleCall(channel, input, ctx);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  const { project } = projects.create('Api', { durationSec: 30 });
  projectPath = project.path;
  closeProject(project);
  ctx = createServiceContext({ projectsDir: projects.dir, engine: inProcessEngine({ runnerModules: [EXPORT_RUNNER] }) });
  projectId = (await call<{ id: string }>('projects.open', { path: projectPath })).id;
});
afterAll(async () => {
  await ctx.close();
  projects.dispose();
});

describe('export.start', () => {
  it('exports the current take into the project and lists it with its provenance', async () => {
    const artifacts: string[] = [];
    const stop = ctx.bus.on('artifact', (event) => artifacts.push(`${event.kind}:${event.path}`));
    const job = await call<{ id: number }>('export.start', {
      projectId, settings: { crf: 23, subtitles: 'both', chapters: true, fileName: 'from the app.mp4', upscale: { factor: 2, filter: 'bicubic' } },
    });
    const ended = await ctx.jobs.waitFor(projectPath, job.id);
    stop();
    expect(ended).toMatchObject({ status: 'done', kind: 'export' });
    const out = join(projectPath, 'media', 'exports', 'from the app.mp4');
    expect(existsSync(out)).toBe(true);
    expect(artifacts).toEqual(['export:media/exports/from the app.mp4', 'subtitles:media/exports/from the app.srt', 'subtitles:media/exports/from the app.vtt']);
    const [row] = await call<{ path: string; format: { width: number; crf: number }; provenance: { video: { frameCount: number } } }[]>('export.list', { projectId });
    expect(row).toMatchObject({ path: out, format: { width: 128, crf: 23 }, provenance: { video: { frameCount: 240 } } });
  });

  it('stops a running export on jobs.cancel, leaving no file', async () => {
    const job = await call<{ id: number }>('export.start', {
      projectId, settings: { crf: 0, subtitles: 'none', chapters: false, fileName: 'cancelled.mp4', upscale: { factor: 8, filter: 'lanczos' } },
    });
    await new Promise<void>((resolve) => {
      const stop = ctx.bus.on('jobProgress', (event) => {
        if (event.jobId === job.id && event.message === 'encoding') {
          stop();
          resolve();
        }
      });
    });
    const ended = await call<{ status: string }>('jobs.cancel', { projectId, id: job.id });
    expect(ended.status).toBe('cancelled');
    expect(readdirSync(join(projectPath, 'media', 'exports')).filter((name) => name.includes('cancelled'))).toEqual([]);
    expect(await call<unknown[]>('export.list', { projectId })).toHaveLength(1);
  });
});
