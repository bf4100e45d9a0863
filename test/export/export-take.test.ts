/**
 * exportTake: a take written through the store becomes a valid H.264/yuv420p MP4 (checked by an
 * independent ffprobe when installed) with subtitles, chapters and provenance that read back,
 * honours fps and upscale, applies a retake's caption overrides, and refuses incomplete takes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTake } from '../../main/jobs/export/export-take';
import { readMp4Metadata } from '../../main/jobs/export/mp4-metadata';
import { parseProvenance } from '../../main/jobs/export/provenance';
import { provenanceText } from '../../main/jobs/export/provenance-tags';
import { createRetake } from '../../main/jobs/generation/takes';
import { probe, toSrt, toWebVtt } from '../../main/media/index';
import { listCaptions, listExports } from '../../main/project/index';
import { ffprobeJson, ffprobeOnPath } from '../media/helpers';
import { exportProjects, fixtureHash, STORYBOARD, writeChunks, writeStandInModel } from './fixtures';

const projects = exportProjects();
const ffprobe = ffprobeOnPath();
afterAll(() => projects.dispose());

describe('exportTake', () => {
  it('writes a valid MP4 with subtitles, chapters and provenance that read back', async () => {
    const { project, take } = projects.create('Plain');
    const out = join(projects.dir, 'plain.mp4');
    const stages = new Set<string>();
    const outcome = await exportTake(project, { out, crf: 20 }, { backend: 'cpu', onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(['checking', 'encoding']);
    expect(outcome).toMatchObject({ out, frames: 16, durationSec: 2 });
    expect(outcome.subtitles).toEqual([join(projects.dir, 'plain.srt'), join(projects.dir, 'plain.vtt')]);

    const info = await probe(out);
    expect(info).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: 64, height: 64, fps: 8 });
    expect(info.durationSec).toBeCloseTo(2, 2);
    if (ffprobe) {
      const json = ffprobeJson(ffprobe, out);
      const video = json.streams.find((s) => s.codec_type === 'video');
      expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', r_frame_rate: '8/1', nb_read_frames: '16' });
      expect(Number(json.format.duration)).toBeCloseTo(2, 2);
      expect(json.chapters.map((c) => c.tags?.title)).toEqual(STORYBOARD.map((c) => c.text));
    }
    const bytes = readFileSync(out);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));

    const captions = STORYBOARD.map(({ startSec, endSec, text }) => ({ startSec, endSec, text }));
    expect(readFileSync(join(projects.dir, 'plain.srt'), 'utf8')).toBe(toSrt(captions));
    expect(readFileSync(join(projects.dir, 'plain.vtt'), 'utf8')).toBe(toWebVtt(captions));
    expect(readFileSync(join(projects.dir, 'plain.srt'), 'utf8')).toContain('00:00:00,750 --> 00:00:01,500\nthe meadow is empty');

    const metadata = await readMp4Metadata(out);
    expect(metadata.chapters).toEqual([
      { startSec: 0, endSec: 0.75, title: STORYBOARD[0]?.text },
      { startSec: 0.75, endSec: 1.5, title: STORYBOARD[1]?.text },
      { startSec: 1.5, endSec: 2, title: STORYBOARD[2]?.text },
    ]);
    expect(metadata.tags.title).toBe('Plain');
    const provenance = parseProvenance(provenanceText(metadata.tags) ?? '');
    expect(provenance).toEqual(outcome.provenance);
    expect(provenance).toMatchObject({
      app: { name: 'longshot' },
      engine: { backend: 'cpu' },
      model: { id: 'random:tiny', source: 'random', preset: 'tiny', path: null },
      seed: 11,
      settings: { durationSec: 2, samplingSteps: 1, memoryPreset: '4x4x2', footageId: null },
      take: { id: take.id, lineage: [{ takeId: take.id, seed: 11, fromChunk: 0, captionOverrides: [] }] },
      video: { width: 64, height: 64, fps: 8, frameCount: 16, framesSha256: fixtureHash(16) },
      export: { crf: 20, fps: 8, upscale: { factor: 1, filter: 'neighbor' }, chapters: true },
    });
    expect(provenance.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(provenance.storyboard.map((c) => c.text)).toEqual(listCaptions(project.db).map((c) => c.text));

    const [row] = listExports(project.db);
    expect(row).toMatchObject({ path: out, takeId: take.id, provenance: JSON.parse(JSON.stringify(outcome.provenance)) });
    expect(row?.format).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: 64, height: 64, frames: 16, crf: 20 });
  });

  it('upscales with the chosen filter, resamples the frame rate and skips what is not asked for', async () => {
    const { project } = projects.create('Scaled');
    const out = join(projects.dir, 'scaled.mp4');
    const outcome = await exportTake(project, { out, fps: 16, upscale: { factor: 3, filter: 'lanczos' }, subtitles: 'none', chapters: false }, { backend: 'cpu' });
    expect(outcome).toMatchObject({ frames: 32, durationSec: 2, subtitles: [] });
    const info = await probe(out);
    expect(info).toMatchObject({ width: 192, height: 192, fps: 16, chapters: [] });
    expect(info.durationSec).toBeCloseTo(2, 2);
    expect(existsSync(join(projects.dir, 'scaled.srt'))).toBe(false);
    expect(outcome.provenance.video).toMatchObject({ fps: 8, frameCount: 16, framesSha256: fixtureHash(16) });
  });

  it('exports a retake: its parent chunks before the cut, its own after, with its caption overrides', async () => {
    const { project, take } = projects.create('Retake');
    const middle = listCaptions(project.db)[1];
    if (!middle) throw new Error('fixture storyboard changed');
    const { take: retake } = createRetake(project.db, { runId: take.runId, fromChunk: 4, seed: 99, captionOverrides: [{ captionId: middle.id, text: 'a blue square waits' }] });
    writeChunks(project, retake, 4, 8, 1);
    const out = join(projects.dir, 'retake.mp4');
    const outcome = await exportTake(project, { out, takeId: retake.id, subtitles: 'srt' }, { backend: 'cpu' });
    expect(readFileSync(join(projects.dir, 'retake.srt'), 'utf8')).toContain('a blue square waits');
    expect(outcome.provenance.take.lineage).toEqual([
      { takeId: take.id, seed: 11, fromChunk: 0, captionOverrides: [] },
      { takeId: retake.id, seed: 99, fromChunk: 4, captionOverrides: [{ captionId: middle.id, text: 'a blue square waits' }] },
    ]);
    expect(outcome.provenance.video.framesSha256).not.toBe(fixtureHash(16));
  });

  it('names the weights its run pinned, even after the model folder is saved over', async () => {
    const modelDir = join(projects.dir, 'model');
    const pinned = writeStandInModel(modelDir, 'stand-in weights');
    const { project } = projects.create('Folder model', { modelId: modelDir });
    const first = await exportTake(project, { out: join(projects.dir, 'folder.mp4'), subtitles: 'none' }, { backend: 'cpu' });
    expect(first.provenance.model).toEqual({ id: modelDir, source: 'checkpoint', preset: 'tiny', path: modelDir, sha256: pinned });

    // The model is trained further after the take was made: the take is still the old weights' work.
    writeStandInModel(modelDir, 'weights trained further');
    const second = await exportTake(project, { out: join(projects.dir, 'folder.mp4'), subtitles: 'none' }, { backend: 'cpu' });
    expect(second.provenance.model.sha256).toBe(pinned);
  });

  it('refuses a take that is not finished, leaving nothing behind', async () => {
    const { project } = projects.create('Half', { chunks: 5 });
    const out = join(projects.dir, 'half.mp4');
    await expect(exportTake(project, { out }, { backend: 'cpu' })).rejects.toMatchObject({ code: 'incomplete_take', message: expect.stringContaining('5 of 8 chunks') });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(projects.dir, 'half.srt'))).toBe(false);
    expect(listExports(project.db)).toEqual([]);
  });
});
