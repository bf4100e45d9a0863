// `longshot generate` end to end with its engine child process: Ctrl-C cancels and keeps the
// chunks made, --continue finishes the same take, --from-chunk makes a take that rewords a
// caption, and bad requests are one-line errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBar } from '../../main/cli/commands/generate-progress';
import { listCaptions, listChunks, listTakes, type Project } from '../../main/project/index';
import { runCli } from '../cli-helpers';
import { CAPTIONS, generationSandbox } from './helpers';

let sandbox: Awaited<ReturnType<typeof generationSandbox>>;
let project: Project;

beforeAll(async () => {
  sandbox = await generationSandbox();
  project = sandbox.project('Cli', 4);
});

afterAll(() => sandbox.dispose());

describe('longshot generate', () => {
  it('cancels on Ctrl-C keeping finished chunks, and --continue completes the take', async () => {
    const stopped = await runCli(['generate', project.path], /chunk 1 saved/);
    expect(stopped.code).toBe(130);
    expect(stopped.out[0]).toMatch(/^generating: run \d+, take \d+ \(seed 42\)$/);
    expect(stopped.err.join('\n')).toMatch(/cancelled; .*--continue' resumes/);
    const [take] = listTakes(project.db, 1);
    const saved = listChunks(project.db, take?.id ?? 0).length;
    expect(saved).toBeGreaterThanOrEqual(1);
    expect(saved).toBeLessThan(8);

    const resumed = await runCli(['generate', project.path, '--continue']);
    expect(resumed.code).toBe(0);
    expect(resumed.out.at(-1)).toMatch(/^done in \d+s: job \d+, take \d+$/);
    expect(resumed.out.filter((l) => /chunk \d+ saved/.test(l))).toHaveLength(8 - saved);
    expect(listChunks(project.db, take?.id ?? 0).map((c) => c.chunkIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('makes a new take from a chunk with a reworded caption, and refuses impossible ones', async () => {
    const second = listCaptions(project.db)[1];
    const take = await runCli(['generate', project.path, '--from-chunk', '4', '--seed', '7', '--caption', `${second?.id}=the woman walks away`]);
    expect(take.code).toBe(0);
    const [, retake] = listTakes(project.db, 1);
    expect(listChunks(project.db, retake?.id ?? 0).map((c) => c.caption)).toEqual([
      ...Array(3).fill(CAPTIONS[0]), CAPTIONS[1], ...Array(4).fill('the woman walks away'),
    ]);
    const late = await runCli(['generate', project.path, '--from-chunk', '99']);
    expect(late.code).toBe(2);
    expect(late.err.join('\n')).toMatch(/cannot regenerate from chunk 99.*\[invalid_take\]/);
    expect((await runCli(['generate', project.path, '--caption', 'oops', '--from-chunk', '1'])).code).toBe(2);
  });

  it('draws a bar in proportion', () => {
    expect(renderBar(0.5, 10)).toBe('[#####.....]');
    expect(renderBar(2, 4)).toBe('[####]');
  });
});
