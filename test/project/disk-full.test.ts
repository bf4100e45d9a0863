import { describe, expect, it } from 'vitest';
import {
  addCaption,
  closeProject,
  createJob,
  createProject,
  listCaptions,
  listJobs,
  openProject,
  replaceStoryboard,
} from '../../main/project/index';
import { errorOf, useTempHome } from './helpers';

const home = useTempHome();

describe('a full disk', () => {
  it('gives a typed disk_full error, keeps earlier data and reopens clean', () => {
    const project = createProject(home.dir(), 'full');
    const kept = addCaption(project.db, { startSec: 0, endSec: 1, text: 'saved before the disk filled' });
    createJob(project.db, { kind: 'generate', params: {} });
    const pages = project.db.pragma('page_count', { simple: true }) as number;
    // SQLite's own way to simulate a full disk: the file may not grow past this many pages.
    project.db.pragma(`max_page_count = ${pages + 2}`);

    const big = 'x'.repeat(1500);
    const error = errorOf(() => {
      for (let i = 1; i < 100; i++) addCaption(project.db, { startSec: i, endSec: i + 1, text: `${i} ${big}` });
    });
    expect(error.code).toBe('disk_full');
    expect(error.message).toContain('disk is full');

    const storyboard = listCaptions(project.db);
    expect(storyboard[0]).toEqual(kept);
    const fitted = storyboard.length;
    expect(errorOf(() => replaceStoryboard(project.db, Array.from({ length: 40 }, (_, i) => ({ startSec: i, endSec: i + 1, text: big })))).code).toBe('disk_full');
    expect(listCaptions(project.db)).toHaveLength(fitted);
    closeProject(project);

    const reopened = openProject(project.path);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listCaptions(reopened.db)).toEqual(storyboard);
    expect(listJobs(reopened.db)).toHaveLength(1);
    addCaption(reopened.db, { startSec: 200, endSec: 201, text: 'room again' });
    closeProject(reopened);
  });
});
