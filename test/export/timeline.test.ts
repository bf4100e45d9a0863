/** Subtitle cues and chapters from a plan's storyboard: overrides, clipping, gaps and ties. */
import { describe, expect, it } from 'vitest';
import { exportCaptions, exportChapters } from '../../main/jobs/export/timeline';

const storyboard = [
  { id: 3, startSec: 4, endSec: 6, text: 'back at the first place' },
  { id: 1, startSec: 0, endSec: 1.5, text: 'a meadow' },
  { id: 2, startSec: 2, endSec: 4, text: 'the hexagon walks off' },
  { id: 4, startSec: 2, endSec: 3, text: 'a later caption at the same start' },
  { id: 5, startSec: 7, endSec: 9, text: 'after the end' },
];

describe('export timeline', () => {
  it('applies overrides, sorts by start and clips to the exported duration', () => {
    const captions = exportCaptions(storyboard, new Map([[2, 'the hexagon leaves']]), 5);
    expect(captions).toEqual([
      { startSec: 0, endSec: 1.5, text: 'a meadow' },
      { startSec: 2, endSec: 4, text: 'the hexagon leaves' },
      { startSec: 2, endSec: 3, text: 'a later caption at the same start' },
      { startSec: 4, endSec: 5, text: 'back at the first place' },
    ]);
  });

  it('makes one chapter per beat, each running to the next start; a tie keeps the later caption', () => {
    const chapters = exportChapters(exportCaptions(storyboard, new Map(), 5), 5);
    expect(chapters).toEqual([
      { startSec: 0, endSec: 2, title: 'a meadow' },
      { startSec: 2, endSec: 4, title: 'a later caption at the same start' },
      { startSec: 4, endSec: 5, title: 'back at the first place' },
    ]);
    expect(exportChapters([], 5)).toEqual([]);
  });
});
