/**
 * `longshot import FILE --project P`: footage decoded into the project's media folder at the
 * project's size and rate and recorded as a footage row; progress lines; cancel and bad input
 * leave neither rows nor files.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameFileReader } from '../../main/media/frame-file';
import { closeProject, createProject, listFootage, openProject } from '../../main/project/index';
import { runCli } from '../cli-helpers';
import { childProcesses, ffmpegPath, ffmpegSync, tempDir } from './helpers';

const temp = tempDir('import');
const at = (name: string): string => join(temp.dir, name);
let projectPath: string;

function footageState(): { rows: number; files: string[] } {
  const project = openProject(projectPath);
  try {
    const dir = join(projectPath, 'media', 'footage');
    return { rows: listFootage(project.db).length, files: existsSync(dir) ? readdirSync(dir) : [] };
  } finally {
    closeProject(project);
  }
}

beforeAll(async () => {
  const ffmpeg = await ffmpegPath();
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', at('clip.mp4')]);
  ffmpegSync(ffmpeg, ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '30', '-c:v', 'libx264', '-preset', 'ultrafast', at('long.mp4')]);
  writeFileSync(at('notes.mp4'), 'not a video\n');
  const project = createProject(temp.dir, 'Import test', { width: 64, height: 32, fps: 8 });
  projectPath = project.path;
  closeProject(project);
});
afterAll(() => temp.remove());

describe('longshot import', () => {
  it('decodes footage into the project and records it', async () => {
    const c = await runCli(['import', at('clip.mp4'), '--project', projectPath, '--fit', 'letterbox', '--caption', 'a ball bounces']);
    expect(c.code).toBe(0);
    expect(c.err).toEqual([]);
    expect(c.out.some((line) => /100% \(16 frames\)/.test(line))).toBe(true);
    expect(c.out.at(-1)).toMatch(/^imported footage #1: 16 frames, 64x32 at 8 fps -> media\/footage\/.+\.frames$/);
    const project = openProject(projectPath);
    try {
      const [row] = listFootage(project.db);
      expect(row).toMatchObject({ frameCount: 16, width: 64, height: 32, fps: 8, fit: 'letterbox', sourcePath: at('clip.mp4'), caption: 'a ball bounces' });
      const reader = new FrameFileReader(join(projectPath, row?.framesPath ?? ''));
      expect(reader.info).toMatchObject({ width: 64, height: 32, frameCount: 16 });
      reader.close();
      expect(existsSync(join(projectPath, row?.thumbsPath ?? 'missing'))).toBe(true);
    } finally {
      closeProject(project);
    }
  });

  it('stops on Ctrl-C with exit code 130 and leaves nothing behind', async () => {
    const before = footageState();
    const c = await runCli(['import', at('long.mp4'), '--project', projectPath], /%/);
    expect(c.code).toBe(130);
    expect(c.err).toEqual(['longshot: import cancelled']);
    expect(footageState()).toEqual(before);
    expect(childProcesses()).toEqual([]);
  });

  it('reports bad input and bad options in one line', async () => {
    const before = footageState();
    const bad = await runCli(['import', at('notes.mp4'), '--project', projectPath]);
    expect(bad.code).toBe(1);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toMatch(/cannot import .*notes\.mp4: .*\[not_media\]/);
    const longCaption = await runCli(['import', at('clip.mp4'), '--project', projectPath, '--caption', 'x'.repeat(2001)]);
    expect(longCaption).toMatchObject({ code: 2, err: ['longshot: --caption is longer than 2000 characters'] });
    const fit = await runCli(['import', at('clip.mp4'), '--project', projectPath, '--fit', 'stretch']);
    expect(fit.code).toBe(2);
    expect(fit.err[0]).toMatch(/--fit must be one of crop, letterbox/);
    const short = await runCli(['import', at('clip.mp4'), '--project', projectPath, '--max-seconds', '0']);
    expect([short.code, short.err]).toEqual([2, ["longshot: --max-seconds must be a positive number, got '0'"]]);
    const missing = await runCli(['import', at('clip.mp4')]);
    expect([missing.code, missing.err]).toEqual([2, ['longshot: --project is required']]);
    expect(footageState()).toEqual(before);
  });
});
