/**
 * The shipped demo (assets/demo/demo.json): its storyboard is exactly what Storyworld writes for
 * the source it records, it is about 20 s with a character who leaves and comes back, and its
 * settings make a valid project whose plan the render would run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../main/cli/commands/demo';
import { StoryworldVideo, STORYWORLD_VERSION } from '../../main/data/index';
import { closeProject, createProject, getSettings, listCaptions, replaceStoryboard } from '../../main/project/index';
import { tempDir } from '../media/helpers';

const temp = tempDir('demo');
afterAll(() => temp.remove());

describe('the demo project', () => {
  const demo = loadDemo();

  it('is the Storyworld storyboard of the source it records', () => {
    expect(demo.source.storyworldVersion).toBe(STORYWORLD_VERSION);
    const { generator: _generator, storyworldVersion: _version, ...options } = demo.source;
    expect(demo.storyboard).toEqual(new StoryworldVideo(options).storyboard);
  });

  it('lasts about 20 s and has a character who leaves and comes back', () => {
    expect(demo.settings.durationSec).toBe(20);
    expect(demo.storyboard.at(-1)?.endSec).toBe(20);
    const texts = demo.storyboard.map((c) => c.text);
    const leaves = texts.findIndex((t) => /the first character walks off/.test(t));
    const returns = texts.findIndex((t) => /the first character comes back/.test(t));
    expect(leaves).toBeGreaterThanOrEqual(0);
    expect(returns).toBeGreaterThan(leaves);
    expect(demo.storyboard.filter((c) => c.transition === 'cut').length).toBeGreaterThanOrEqual(3);
  });

  it('makes a valid project', () => {
    const project = createProject(temp.dir, demo.name, demo.settings);
    try {
      replaceStoryboard(project.db, demo.storyboard);
      expect(getSettings(project.db)).toMatchObject(demo.settings);
      expect(listCaptions(project.db)).toHaveLength(demo.storyboard.length);
    } finally {
      closeProject(project);
    }
  });
});
