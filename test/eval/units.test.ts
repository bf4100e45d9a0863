/**
 * The small parts of the evaluation: ordering verdicts, the docs document's sections, the
 * storyboard segment a consistency run generates, chart axes and text, and the results table of
 * the project store (schema version 2).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type DatasetVideo } from '../../main/data/index';
import { findSegment, shiftStoryboard } from '../../main/eval/consistency/segments';
import { checkOrdering } from '../../main/eval/orderings';
import { writeResults, type RenderedResults } from '../../main/eval/outputs';
import { evalParams } from '../../main/eval/params';
import { Canvas } from '../../main/eval/plot/canvas';
import { niceTicks } from '../../main/eval/plot/charts';
import { addEvalResult, closeProject, createProject, listEvalResults } from '../../main/project/index';
import { storyworld, tempDir } from './helpers';

const temp = tempDir('units');
let video: DatasetVideo;

beforeAll(async () => {
  const dataset = openDataset(await storyworld(join(temp.dir, 'data'), 1, 32, 16));
  video = dataset.video(dataset.videoIds[0] as string);
});

afterAll(() => temp.remove());

const section = (kind: RenderedResults['kind'], text: string): RenderedResults => ({ kind, json: { text }, markdown: (image) => `## ${text}\n\n![chart](${image})`, png: null });

describe('orderings', () => {
  it('holds only by more than the printed resolution', () => {
    expect(checkOrdering('PSNR', { label: 'a', value: 17.4 }, '>', { label: 'b', value: 15.2 })).toMatchObject({ holds: true, claim: 'a > b' });
    expect(checkOrdering('PSNR', { label: 'a', value: 9.4701 }, '>', { label: 'b', value: 9.47 }).holds).toBe(false);
    expect(checkOrdering('PSNR', { label: 'a', value: 9.4699 }, '>=', { label: 'b', value: 9.47 }).holds).toBe(true);
    expect(checkOrdering('PSNR', { label: 'a', value: 9.3 }, '>=', { label: 'b', value: 9.47 }).holds).toBe(false);
  });
});

describe('results document', () => {
  it('replaces only its own section and keeps the others in order', () => {
    const docs = join(temp.dir, 'docs');
    writeResults(section('consistency', 'first consistency'), join(temp.dir, 'o1'), docs);
    writeResults(section('retrieval', 'first retrieval'), join(temp.dir, 'o2'), docs);
    writeResults(section('retrieval', 'second retrieval'), join(temp.dir, 'o3'), docs);
    const text = readFileSync(join(docs, 'results.md'), 'utf8');
    expect(text).not.toContain('first retrieval');
    expect(text.indexOf('second retrieval')).toBeLessThan(text.indexOf('first consistency'));
    expect(text).toContain('![chart](results/retrieval.png)');
    expect(readFileSync(join(temp.dir, 'o3', 'retrieval.md'), 'utf8')).toContain('![chart](retrieval.png)');
  });

  it('refuses a document whose markers were damaged', () => {
    const docs = join(temp.dir, 'damaged');
    writeResults(section('judge', 'judge'), join(temp.dir, 'o4'), docs);
    const file = join(docs, 'results.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<!-- longshot-eval:judge:end -->', ''));
    expect(() => writeResults(section('judge', 'judge'), join(temp.dir, 'o5'), docs)).toThrow(/markers are damaged/);
  });
});

describe('consistency segments', () => {
  it('gives the opening shot as footage, generates to the revisit and judges the revisited shot', () => {
    const segment = findSegment(video, 2, 24);
    expect(segment).not.toBeNull();
    if (!segment) return;
    const place = (f: number) => video.truthAt(f)?.place;
    expect(segment.openingFrames).toBeGreaterThan(0);
    expect(place(segment.openingFrames - 1)).toBe(segment.openingPlace);
    expect(place(segment.openingFrames)).not.toBe(segment.openingPlace);
    expect(segment.generatedFrames % 2).toBe(0);
    const first = segment.scoredFrames[0] as number;
    expect(place(first)).toBe(segment.openingPlace);
    expect(place(first - 1)).not.toBe(segment.openingPlace);
    expect(segment.scoredFrames.length).toBeLessThanOrEqual(24);
    expect(segment.openingFrames + segment.generatedFrames).toBeGreaterThanOrEqual((segment.scoredFrames.at(-1) as number) + 1);
    // The first character opens the story and is among the returning ones.
    expect(segment.openingCharacters.length).toBeGreaterThan(0);
    expect(segment.storyboard[0]?.startSec).toBe(0);
    expect(segment.storyboard.at(-1)?.endSec).toBeCloseTo(segment.generatedFrames / 8, 9);
  });

  it('shifts and clips storyboard rows to the generated stretch', () => {
    const rows = [
      { startSec: 0, endSec: 4, text: 'a', transition: 'cut' as const },
      { startSec: 4, endSec: 9, text: 'b', transition: 'cut' as const },
      { startSec: 9, endSec: 12, text: 'c', transition: 'continuous' as const },
    ];
    expect(shiftStoryboard(rows, 4, 10)).toEqual([
      { startSec: 0, endSec: 5, text: 'b', transition: 'cut' },
      { startSec: 5, endSec: 6, text: 'c', transition: 'continuous' },
    ]);
  });
});

describe('charts', () => {
  it('picks round ticks covering the data', () => {
    expect(niceTicks(9.3, 17.6)).toEqual([8, 10, 12, 14, 16, 18]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('draws text in the 5x7 font, horizontally and rotated', () => {
    const canvas = new Canvas(20, 20);
    canvas.text(1, 1, 'I', [0, 0, 0]);
    const dark = (x: number, y: number) => canvas.pixels[(y * 20 + x) * 3] === 0;
    // 'I' is a bar in column 2 with serifs on rows 0 and 6.
    expect([1, 2, 3].map((x) => dark(x + 1, 1))).toEqual([true, true, true]);
    expect([0, 1, 2, 3, 4, 5, 6].map((y) => dark(3, y + 1))).toEqual([true, true, true, true, true, true, true]);
    expect(dark(1, 4)).toBe(false);
    const rotated = new Canvas(20, 20);
    rotated.text(1, 10, 'I', [0, 0, 0], { vertical: true });
    // Rotated a quarter turn: the bar runs along x.
    const row = [1, 2, 3, 4, 5, 6, 7].map((x) => rotated.pixels[(7 * 20 + x) * 3] === 0);
    expect(row).toEqual([true, true, true, true, true, true, true]);
  });
});

describe('stored evaluations', () => {
  it('keeps each run with its command, newest first, by kind', () => {
    const project = createProject(temp.dir, 'store');
    try {
      addEvalResult(project.db, { kind: 'retrieval', command: 'longshot eval retrieval --data a', results: { rows: [1] } });
      addEvalResult(project.db, { kind: 'judge', command: 'longshot eval judge --data a', results: { accuracy: 0.9 } });
      addEvalResult(project.db, { kind: 'retrieval', command: 'longshot eval retrieval --data b', results: { rows: [2] } });
      expect(listEvalResults(project.db, 'retrieval').map((r) => r.command)).toEqual(['longshot eval retrieval --data b', 'longshot eval retrieval --data a']);
      expect(listEvalResults(project.db).map((r) => r.kind)).toEqual(['retrieval', 'judge', 'retrieval']);
      expect(() => addEvalResult(project.db, { kind: 'retrieval', command: '', results: {} })).toThrow();
    } finally {
      closeProject(project);
    }
  });

  it('parses an eval job\'s params with the documented defaults', () => {
    const parsed = evalParams.parse({ what: 'retrieval', data: ['d'] });
    expect(parsed).toMatchObject({ what: 'retrieval', budget: 300, batch: 2, scale: 'small', seed: 1, clips: 128, targets: 4 });
    expect(evalParams.safeParse({ what: 'consistency', data: ['d'], arms: ['pretrained', 'nothing'] }).success).toBe(false);
  });
});
