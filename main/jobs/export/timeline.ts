/**
 * Subtitles and chapters of an export, from the storyboard the take was generated with (the
 * run's plan, not the live storyboard, which may have been edited since) and the take's caption
 * overrides, limited to the exported duration.
 *
 * Chapters: one per caption, from its start to the next caption's start (or the end of the
 * video). A caption is a beat the user placed on the timeline, so chapters list the same beats
 * the subtitles show; chapters per hard cut only would hide continuous beats such as a character
 * leaving the shot. Where captions overlap, the later-starting one is active (as in generation),
 * and captions starting together keep the last, like generation's `captionAt`.
 */
import type { Caption, Chapter } from '../../media/index';

/** A storyboard caption as a plan stores it. */
export interface PlanCaption {
  id: number;
  startSec: number;
  endSec: number;
  text: string;
}

/** The captions shown in the export: overrides applied, clipped to `durationSec`, by start time. */
export function exportCaptions(storyboard: readonly PlanCaption[], overrides: ReadonlyMap<number, string>, durationSec: number): Caption[] {
  return storyboard
    .filter((c) => c.startSec < durationSec)
    .map((c) => ({ startSec: c.startSec, endSec: Math.min(c.endSec, durationSec), text: overrides.get(c.id) ?? c.text }))
    .sort((a, b) => a.startSec - b.startSec);
}

/** One chapter per caption start (see the file comment); `captions` as exportCaptions gives them. */
export function exportChapters(captions: readonly Caption[], durationSec: number): Chapter[] {
  const chapters: Chapter[] = [];
  captions.forEach((caption, i) => {
    const next = captions.slice(i + 1).find((c) => c.startSec > caption.startSec);
    const sameStart = captions[i + 1]?.startSec === caption.startSec;
    if (sameStart) return;
    chapters.push({ startSec: caption.startSec, endSec: next?.startSec ?? durationSec, title: caption.text });
  });
  return chapters;
}
