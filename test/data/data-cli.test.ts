import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { openDataset } from '../../main/data/dataset';
import { tempDir } from './helpers';

const temp = tempDir('cli');
const data = join(temp.dir, 'ds');
afterAll(() => temp.remove());

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

beforeAll(async () => {
  const result = await run('data', 'storyworld', '--videos', '3', '--seconds', '10', '--out', data, '--width', '48', '--height', '32', '--fps', '6', '--seed', '2');
  expect(result.err).toEqual([]);
  expect(result.code).toBe(0);
});

describe('longshot data', () => {
  it('storyworld writes a dataset with progress lines', async () => {
    const dataset = openDataset(data);
    expect(dataset.file).toMatchObject({ width: 48, height: 32, fps: 6, seed: 2 });
    expect(dataset.videoIds).toHaveLength(3);
    const again = await run('data', 'storyworld', '--videos', '3', '--seconds', '10', '--out', data);
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(/already holds a dataset.*\[exists\]/);
  });

  it('storyworld reports bad options on one line with exit code 2', async () => {
    for (const argv of [['--videos', '0'], ['--videos', '2', '--seconds', '3'], ['--videos', 'x', '--seconds', '10'], ['--videos', '2', '--seconds', '10', '--fps', '0']]) {
      const result = await run('data', 'storyworld', ...argv, '--out', join(temp.dir, 'bad'));
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toHaveLength(1);
    }
    expect((await run('data', 'storyworld', '--videos', '2', '--seconds', '10')).err[0]).toMatch(/--out is required/);
  });

  it('still writes a PNG contact sheet of the story', async () => {
    const out = join(temp.dir, 'sheet.png');
    const result = await run('data', 'still', '--data', data, '--video', '1', '--out', out, '--frames', '0,10,59', '--scale', '2');
    expect(result.code).toBe(0);
    expect(result.out[1]).toMatch(/^ {2}0s: [a-z ,:]+ \[cut\]$/);
    const png = readFileSync(out);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // Three 48x32 frames in a row with 1-pixel gaps, doubled.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([(3 * 49 - 1) * 2, 32 * 2]);
    expect((await run('data', 'still', '--data', data, '--video', '7', '--out', out)).code).toBe(2);
    expect((await run('data', 'still', '--data', data, '--video', 'v0001', '--out', out, '--frames', '60')).err[0]).toMatch(/outside 0\.\.59/);
    expect((await run('data', 'still', '--data', join(temp.dir, 'nothing'), '--video', '0', '--out', out)).err[0]).toMatch(/no dataset/);
  });

  it('preview writes an MP4 and its captions as .srt', async () => {
    const out = join(temp.dir, 'preview.mp4');
    const result = await run('data', 'preview', '--data', data, '--video', 'v0000', '--out', out, '--scale', '2');
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(readFileSync(out).subarray(4, 8).toString('ascii')).toBe('ftyp');
    const srt = readFileSync(join(temp.dir, 'preview.srt'), 'utf8');
    const first = openDataset(data).video('v0000').file.storyboard[0];
    expect(srt).toContain(`00:00:00,000 --> `);
    expect(srt).toContain(first?.text);
    expect((await run('data', 'preview', '--data', data, '--video', '0', '--out', join(temp.dir, 'x.avi'))).code).toBe(2);
  });
});
