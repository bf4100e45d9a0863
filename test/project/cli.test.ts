import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { addCaption, closeProject, defaultProjectsDir, getSettings, openProject } from '../../main/project/index';
import { useTempHome } from './helpers';

const home = useTempHome();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('longshot project', () => {
  it('create prints the path, list shows it, show prints settings and storyboard', async () => {
    const created = await cli('project', 'create', 'Sea Story', '--fps', '12', '--width', '96', '--preset', '2x2x2', '--seed', '77', '--duration', '20');
    expect(created).toEqual({ code: 0, out: [join(defaultProjectsDir(), 'Sea Story.longshot')], err: [] });
    const path = created.out[0] ?? '';
    const project = openProject(path);
    expect(getSettings(project.db)).toMatchObject({ fps: 12, width: 96, memoryPreset: '2x2x2', seed: 77, durationSec: 20 });
    addCaption(project.db, { startSec: 0, endSec: 2.5, text: 'Waves roll in', transition: 'cut' });
    closeProject(project);

    const list = await cli('project', 'list');
    expect(list.code).toBe(0);
    expect(list.out[0]).toMatch(/^NAME\s+OPENED \(UTC\)\s+STATE\s+PATH$/);
    expect(list.out[1]).toMatch(new RegExp(`^Sea Story\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+ok\\s+${path}$`));

    for (const ref of ['Sea Story', path]) {
      const show = await cli('project', 'show', ref);
      expect(show.code).toBe(0);
      const text = show.out.join('\n');
      expect(text).toMatch(/Project:\s+Sea Story/);
      expect(text).toMatch(/Duration:\s+20 s at 12 fps/);
      expect(text).toMatch(/Frame size:\s+96x64/);
      expect(text).toMatch(/Memory preset:\s+2x2x2/);
      expect(text).toMatch(/Seed:\s+77/);
      expect(text).toMatch(/0\.00\s+2\.50\s+cut\s+Waves roll in/);
    }
  });

  it('create honours --dir', async () => {
    const result = await cli('project', 'create', 'Elsewhere', '--dir', join(home.dir(), 'work'));
    expect(result.out).toEqual([join(home.dir(), 'work', 'Elsewhere.longshot')]);
  });

  it('list says so when there are no projects', async () => {
    expect((await cli('project', 'list')).out[0]).toContain('No recent projects');
  });

  it.each([
    [['project', 'create'], 2, 'exactly one NAME'],
    [['project', 'create', 'a', 'b'], 2, 'exactly one NAME'],
    [['project', 'create', 'a', '--fps', 'fast'], 2, "--fps must be a number, got 'fast'"],
    [['project', 'create', 'a', '--preset', '9x9x9'], 2, '--preset must be one of 4x4x2, 2x2x2, 2x2x1'],
    [['project', 'create', 'a', '--width', '100'], 1, 'multiple of 8'],
    [['project', 'create', 'a', '--colour', 'red'], 2, "Unknown option '--colour'"],
    [['project', 'show'], 2, 'exactly one PATH_OR_NAME'],
    [['project', 'show', 'nothing-here'], 1, 'there is no project at'],
    [['project', 'list', 'extra'], 2, 'takes no arguments'],
  ])('%j fails with one line and exit code %i', async (argv, code, message) => {
    const result = await cli(...(argv as string[]));
    expect(result.code).toBe(code);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toContain(message);
    expect(result.err[0]).not.toContain('\n');
  });

  it('refuses to create a project twice', async () => {
    await cli('project', 'create', 'Twice');
    const again = await cli('project', 'create', 'Twice');
    expect(again.code).toBe(1);
    expect(again.err[0]).toContain('already exists');
  });
});
