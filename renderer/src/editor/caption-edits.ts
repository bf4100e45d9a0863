/**
 * The keyboard's storyboard edits as pure functions of the captions: where a new caption goes,
 * a caption moved or resized by one chunk, the caption before or after the selection. The
 * project screen turns their results into editor commands.
 */
import type { Caption, CaptionFields } from './commands';
import type { Span } from './gesture';
import { snapTime } from './time-scale';

/** Length of a new caption, seconds, when there is room for it. */
const NEW_CAPTION_SEC = 2;

/**
 * Where a new caption at `atSec` goes: from the chunk at or before it, two seconds long, cut
 * short by the next caption if one starts sooner (but never shorter than one chunk).
 */
export function newCaptionSpan(captions: readonly Caption[], atSec: number, chunkSec: number): Span {
  const startSec = Math.max(0, Math.floor(atSec / chunkSec + 1e-9) * chunkSec);
  const next = captions.map((c) => c.startSec).filter((s) => s > startSec + 1e-9).sort((a, b) => a - b)[0];
  const wanted = snapTime(startSec + NEW_CAPTION_SEC, chunkSec);
  const endSec = next === undefined ? wanted : Math.max(Math.min(wanted, next), snapTime(startSec + chunkSec, chunkSec));
  return { startSec: snapTime(startSec, chunkSec), endSec };
}

/** A caption's times after moving it by `deltaSec` (never before 0). */
export function movedBy(caption: Caption, deltaSec: number): Pick<CaptionFields, 'startSec' | 'endSec'> {
  const shift = Math.max(deltaSec, -caption.startSec);
  return { startSec: Number((caption.startSec + shift).toFixed(6)), endSec: Number((caption.endSec + shift).toFixed(6)) };
}

/** A caption's end after lengthening it by `deltaSec` (never shorter than `minSec`). */
export function resizedBy(caption: Caption, deltaSec: number, minSec: number): Pick<CaptionFields, 'endSec'> {
  return { endSec: Number(Math.max(caption.endSec + deltaSec, caption.startSec + minSec).toFixed(6)) };
}

/** The caption before (-1) or after (+1) `id` in timeline order; the first or last when none is selected. */
export function neighbour(captions: readonly Caption[], id: number | null, direction: 1 | -1): Caption | undefined {
  const index = captions.findIndex((c) => c.id === id);
  if (index < 0) return direction > 0 ? captions[0] : captions.at(-1);
  return captions[index + direction] ?? captions[index];
}
