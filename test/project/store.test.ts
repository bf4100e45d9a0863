import { describe, expect, it } from 'vitest';
import {
  addCaption, addFootage, deleteCaption, deleteFootage, getFootage, getSettings, listCaptions, listFootage, replaceStoryboard,
  updateCaption, updateSettings, type FootageInput,
} from '../../main/project/index';
import { errorOf, useProject } from './helpers';

const project = useProject();

describe('settings', () => {
  it('starts from the defaults plus what createProject was given', () => {
    const s = getSettings(project().db);
    expect(s).toMatchObject({ name: 'Test film', seed: 42, fps: 8, width: 64, height: 64, memoryPreset: '4x4x2' });
    expect(s.createdAt).toBe(s.updatedAt);
  });

  it('updates only the fields in the patch', () => {
    const before = getSettings(project().db);
    const after = updateSettings(project().db, { fps: 24, memoryPreset: '2x2x1', seed: undefined });
    expect(after).toMatchObject({ fps: 24, memoryPreset: '2x2x1', seed: 42, durationSec: before.durationSec });
    expect(getSettings(project().db)).toEqual(after);
  });

  it.each([
    [{ fps: 0 }, 'fps'],
    [{ width: 100 }, 'width'],
    [{ durationSec: -1 }, 'durationSec'],
    [{ memoryPreset: '8x8x8' }, 'memoryPreset'],
    [{ name: '   ' }, 'name'],
    [{ seed: 2 ** 32 }, 'seed'],
    [{ unknownField: 1 }, 'unknownField'],
  ])('refuses %o', (patch, field) => {
    const error = errorOf(() => updateSettings(project().db, patch as never));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain(field);
    expect(getSettings(project().db).fps).toBe(8);
  });
});

describe('storyboard', () => {
  it('adds, lists in time order, updates and deletes captions', () => {
    const db = project().db;
    const late = addCaption(db, { startSec: 4, endSec: 6, text: 'The cat returns', transition: 'cut' });
    const early = addCaption(db, { startSec: 0, endSec: 4, text: '  A cat walks in  ' });
    expect(early).toMatchObject({ text: 'A cat walks in', transition: 'continuous' });
    expect(listCaptions(db).map((c) => c.id)).toEqual([early.id, late.id]);

    const moved = updateCaption(db, late.id, { startSec: 5, text: 'The cat is back' });
    expect(moved).toEqual({ id: late.id, startSec: 5, endSec: 6, text: 'The cat is back', transition: 'cut' });

    deleteCaption(db, early.id);
    expect(listCaptions(db)).toEqual([moved]);
    expect(errorOf(() => deleteCaption(db, early.id)).code).toBe('not_found');
    expect(errorOf(() => updateCaption(db, 999, { text: 'x' })).code).toBe('not_found');
  });

  it.each([
    [{ startSec: 2, endSec: 2, text: 'zero length' }, 'endSec'],
    [{ startSec: 3, endSec: 1, text: 'backwards' }, 'end must be after start'],
    [{ startSec: -1, endSec: 1, text: 'before zero' }, 'startSec'],
    [{ startSec: 0, endSec: 1, text: ' \n\t ' }, 'must not be empty'],
    [{ startSec: 0, endSec: 1, text: 'x', transition: 'dissolve' }, 'transition'],
  ])('refuses caption %o', (input, message) => {
    const error = errorOf(() => addCaption(project().db, input as never));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain(message);
    expect(listCaptions(project().db)).toEqual([]);
  });

  it('checks an update against the whole caption', () => {
    const c = addCaption(project().db, { startSec: 1, endSec: 3, text: 'x' });
    expect(errorOf(() => updateCaption(project().db, c.id, { endSec: 0.5 })).code).toBe('invalid');
    expect(listCaptions(project().db)).toEqual([c]);
  });

  it('replaces the storyboard in one transaction and keeps given ids', () => {
    const db = project().db;
    const a = addCaption(db, { startSec: 0, endSec: 1, text: 'a' });
    const b = addCaption(db, { startSec: 1, endSec: 2, text: 'b' });
    deleteCaption(db, b.id);
    const restored = replaceStoryboard(db, [{ startSec: 5, endSec: 6, text: 'new' }, b, a]);
    expect(restored.map((c) => [c.id, c.text])).toEqual([
      [a.id, 'a'],
      [b.id, 'b'],
      [expect.any(Number), 'new'],
    ]);
    expect(restored[2]?.id).toBeGreaterThan(b.id);
  });

  it('leaves the storyboard as it was when a replacement is invalid', () => {
    const db = project().db;
    const a = addCaption(db, { startSec: 0, endSec: 1, text: 'a' });
    expect(errorOf(() => replaceStoryboard(db, [{ startSec: 0, endSec: 1, text: 'ok' }, { startSec: 1, endSec: 0, text: 'bad' }])).code).toBe('invalid');
    expect(errorOf(() => replaceStoryboard(db, [{ ...a }, { ...a, text: 'same id' }])).message).toContain('same id');
    expect(listCaptions(db)).toEqual([a]);
  });

  it('never reuses the id of a deleted caption', () => {
    const db = project().db;
    const a = addCaption(db, { startSec: 0, endSec: 1, text: 'a' });
    deleteCaption(db, a.id);
    expect(addCaption(db, { startSec: 0, endSec: 1, text: 'b' }).id).not.toBe(a.id);
  });
});

describe('footage', () => {
  const clip: FootageInput = {
    sourcePath: '/videos/holiday.mp4',
    framesPath: 'media/footage/1.frames',
    frameCount: 120,
    fps: 29.97,
    width: 64,
    height: 64,
    fit: 'letterbox',
  };

  it('records, reads, lists and deletes clips', () => {
    const db = project().db;
    const first = addFootage(db, clip);
    expect(first).toMatchObject({ ...clip, thumbsPath: null });
    const second = addFootage(db, { ...clip, framesPath: 'media/footage/2.frames', thumbsPath: 'media/footage/2.jpg', fit: 'crop' });
    expect(getFootage(db, second.id)).toEqual(second);
    expect(listFootage(db).map((f) => f.id)).toEqual([first.id, second.id]);
    deleteFootage(db, first.id);
    expect(listFootage(db)).toEqual([second]);
    expect(errorOf(() => getFootage(db, first.id)).code).toBe('not_found');
    expect(errorOf(() => deleteFootage(db, first.id)).code).toBe('not_found');
  });

  it.each([
    [{ framesPath: '/abs/1.frames' }, 'framesPath'],
    [{ framesPath: 'media/../../escape.frames' }, 'framesPath'],
    [{ frameCount: 0 }, 'frameCount'],
    [{ fit: 'stretch' }, 'fit'],
    [{ thumbsPath: 'C:\\thumbs.jpg' }, 'thumbsPath'],
  ])('refuses %o', (change, field) => {
    const error = errorOf(() => addFootage(project().db, { ...clip, ...change } as never));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain(field);
  });

  it('refuses two clips with one frames file', () => {
    addFootage(project().db, clip);
    expect(errorOf(() => addFootage(project().db, clip)).code).toBe('invalid');
  });
});
