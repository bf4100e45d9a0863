/**
 * The headless path end to end, with a random tiny model at one sampling step: `longshot render`
 * cancelled by Ctrl-C and resumed, a retake rendered with --take, `longshot export`, and
 * `longshot render --from-export` re-rendering the retake (two takes of lineage) with frames
 * identical to the original's, checked on the raw chunk frames and on the decoded MP4s. An MP4
 * without provenance, or whose model is not here, is refused and leaves no project behind. A take
 * that continued imported footage re-renders with that footage imported again and checked.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExportProvenance } from '../../main/jobs/export/rerender';
import { provenanceTags } from '../../main/jobs/export/provenance-tags';
import { createRetake } from '../../main/jobs/generation/takes';
import { decodeToFrames, encodeMp4, FrameFileReader, locateFfmpeg, probe } from '../../main/media/index';
import {
  closeProject, createProject, listCaptions, listChunks, listRuns, listTakes, openProject, replaceStoryboard, type Project,
} from '../../main/project/index';
import { runCli } from '../cli-helpers';
import { tempDir } from '../media/helpers';
import { STORYBOARD } from './fixtures';

const temp = tempDir('render-cli');
const at = (name: string): string => join(temp.dir, name);
let projectPath: string;

/** Runs the CLI in this process with its output as text; `abortWhen` plays Ctrl-C when an output line matches. */
async function cli(argv: string[], abortWhen?: RegExp): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runCli(argv, abortWhen);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** sha256 of a take's raw frames, read straight from its chunk files. */
function takeHash(project: Project, takeId: number): string {
  const sha = createHash('sha256');
  for (const chunk of listChunks(project.db, takeId)) {
    const reader = new FrameFileReader(join(project.path, chunk.framesPath));
    for (let i = 0; i < reader.info.frameCount; i += 1) sha.update(reader.read(i));
    reader.close();
  }
  return sha.digest('hex');
}

async function decodedHash(file: string): Promise<string> {
  const framesFile = `${file}.frames`;
  await decodeToFrames(file, { out: framesFile, width: 64, height: 64, fps: 8, fit: 'crop' });
  const reader = new FrameFileReader(framesFile);
  const sha = createHash('sha256');
  for (let i = 0; i < reader.info.frameCount; i += 1) sha.update(reader.read(i));
  reader.close();
  return sha.digest('hex');
}

beforeAll(() => {
  process.env.LONGSHOT_HOME = at('home');
  const project = createProject(temp.dir, 'Headless', { durationSec: 2, fps: 8, width: 64, height: 64, seed: 5, samplingSteps: 1, guidance: 1, modelId: 'random:tiny' });
  replaceStoryboard(project.db, STORYBOARD);
  projectPath = project.path;
  closeProject(project);
});
afterAll(() => temp.remove());

describe('longshot render', () => {
  it('cancels on Ctrl-C and resumes the take when run again', async () => {
    const stopped = await cli(['render', projectPath], /generation: chunk [3-8] of 8/);
    expect(stopped.code).toBe(130);
    expect(stopped.err).toMatch(/generation cancelled/);

    const done = await cli(['render', projectPath, '--out', at('first.mp4'), '--srt', '--upscale', '2']);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/rendering take 1 of run 1, made from the project as it is/);
    expect(done.out).toMatch(/generated [1-6] of 8 chunks \([2-7] were already made\)/);
    expect(done.out).toMatch(/memory: \d+ memory tokens for the last chunk/);
    expect(done.out).toContain(`video: ${at('first.mp4')} (16 frames, 2.00 s`);
    expect(done.out).toContain(`subtitles: ${at('first.srt')}`);
    expect(await probe(at('first.mp4'))).toMatchObject({ codec: 'h264', width: 128, height: 128, fps: 8 });
  });

  it('renders a retake and exports it again with `longshot export`', async () => {
    const project = openProject(projectPath);
    const [run] = listRuns(project.db);
    const middle = listCaptions(project.db)[1];
    if (!run || !middle) throw new Error('the first render made no run');
    const retake = createRetake(project.db, { runId: run.id, fromChunk: 4, seed: 9, captionOverrides: [{ captionId: middle.id, text: 'a blue square waits' }] });
    closeProject(project);

    const rendered = await cli(['render', projectPath, '--take', String(retake.take.id), '--out', at('retake.mp4'), '--vtt']);
    expect(rendered.code).toBe(0);
    expect(rendered.out).toMatch(/generated 4 of 8 chunks \(4 were already made\)/);

    const exported = await cli(['export', projectPath, '--take', String(retake.take.id), '--out', at('again.mp4'), '--crf', '30', '--srt', '--vtt']);
    expect(exported.code).toBe(0);
    expect(existsSync(at('again.srt')) && existsSync(at('again.vtt'))).toBe(true);
    expect((await readExportProvenance(at('again.mp4'))).video.framesSha256).toBe((await readExportProvenance(at('retake.mp4'))).video.framesSha256);
  });

  it('re-renders an export from its provenance with identical frames', async () => {
    const result = await cli(['render', '--from-export', at('retake.mp4'), '--dir', at('again'), '--out', at('rerendered.mp4')]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/identical: the frames match the original's/);

    const original = openProject(projectPath);
    const [folder] = readdirSync(at('again'));
    const copy = openProject(join(at('again'), folder as string));
    try {
      const originalTake = listTakes(original.db, 1).at(-1);
      const copyTake = listTakes(copy.db, 1).at(-1);
      if (!originalTake || !copyTake) throw new Error('missing takes');
      expect(copyTake).toMatchObject({ fromChunk: 4, seed: 9, captionOverrides: originalTake.captionOverrides });
      expect(takeHash(copy, copyTake.id)).toBe(takeHash(original, originalTake.id));
    } finally {
      closeProject(original);
      closeProject(copy);
    }
    expect(await decodedHash(at('rerendered.mp4'))).toBe(await decodedHash(at('retake.mp4')));
  });

  it('refuses an MP4 without provenance, or whose model is not here, leaving no project', async () => {
    const frame = new Uint8Array(64 * 64 * 3);
    await encodeMp4({ frames: [frame], width: 64, height: 64, fps: 8, out: at('plain.mp4'), preset: 'ultrafast' });
    const plain = await cli(['render', '--from-export', at('plain.mp4'), '--dir', at('refused')]);
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(/carries no Longshot provenance.*\[no_provenance\]/);

    const provenance = await readExportProvenance(at('retake.mp4'));
    const foreign = { ...provenance, model: { ...provenance.model, sha256: 'ab'.repeat(32) } };
    await encodeMp4({ frames: [frame], width: 64, height: 64, fps: 8, out: at('foreign.mp4'), preset: 'ultrafast', metadata: provenanceTags(JSON.stringify(foreign)) });
    const refused = await cli(['render', '--from-export', at('foreign.mp4'), '--dir', at('refused')]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/sha256 abab.*is not available here.*\[model_unavailable\]/);
    expect(existsSync(at('refused')) ? readdirSync(at('refused')) : []).toEqual([]);
  });
});

describe('longshot render --from-export of a take that continued footage', () => {
  it('imports the footage again, checks its frames, re-renders identically, and refuses a missing or other clip', async () => {
    const ffmpeg = (await locateFfmpeg()).path;
    const clip = at('opening.mp4');
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x96:rate=8', '-t', '1', '-pix_fmt', 'yuv420p', clip]);
    const project = createProject(temp.dir, 'Continued', { durationSec: 1, fps: 8, width: 64, height: 64, seed: 3, samplingSteps: 1, guidance: 1, modelId: 'random:tiny' });
    replaceStoryboard(project.db, [{ startSec: 0, endSec: 1, text: 'the test card keeps rolling' }]);
    const continued = project.path;
    closeProject(project);
    expect((await cli(['import', clip, '--project', continued])).code).toBe(0);
    expect((await cli(['render', continued, '--out', at('continued.mp4')])).code).toBe(0);
    const provenance = await readExportProvenance(at('continued.mp4'));
    expect(provenance.footage).toMatchObject({ sourcePath: clip, fit: 'crop', frameCount: 8, fps: 8, framesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const again = await cli(['render', '--from-export', at('continued.mp4'), '--dir', at('continued-again'), '--out', at('continued-again.mp4')]);
    expect(again.err).toBe('');
    expect(again.out).toContain(`footage: importing ${clip} as the original did (crop, 8 frames)`);
    expect(again.out).toMatch(/identical: the frames match the original's/);

    // Moved away: refused with the way out, and no project left behind.
    renameSync(clip, at('moved.mp4'));
    const missing = await cli(['render', '--from-export', at('continued.mp4'), '--dir', at('refused-footage')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/opening\.mp4, is not there: pass the same video with --footage FILE \[not_reproducible\]/);
    // Another video: its frames are not the recorded ones.
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'mandelbrot=size=96x96:rate=8', '-t', '1', '-pix_fmt', 'yuv420p', at('other.mp4')]);
    const other = await cli(['render', '--from-export', at('continued.mp4'), '--dir', at('refused-footage'), '--footage', at('other.mp4')]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/other\.mp4 decodes to other frames than the footage this export continued .*\[not_reproducible\]/);
    expect(existsSync(at('refused-footage')) ? readdirSync(at('refused-footage')) : []).toEqual([]);

    const moved = await cli(['render', '--from-export', at('continued.mp4'), '--dir', at('continued-moved'), '--footage', at('moved.mp4'), '--out', at('continued-moved.mp4')]);
    expect(moved.out).toMatch(/identical: the frames match the original's/);
  });
});

