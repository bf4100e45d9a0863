/**
 * The storyboard's checks, shown inline as the user edits: empty text, captions that overlap,
 * captions shorter than one chunk of the model (the model changes caption only at chunk starts,
 * so a shorter one may never be seen), and captions past the end of the video. The project stores
 * overlaps and short captions (a later caption placed over an earlier one wins), so these are
 * warnings the user decides on; only empty text is refused before saving.
 */
import type { Caption } from './commands';

/** What is wrong with a caption. */
export type ProblemKind = 'empty' | 'overlap' | 'short' | 'beyond';

/** One problem of one caption. */
export interface Problem {
  captionId: number;
  kind: ProblemKind;
  message: string;
}

/** The video's geometry the checks need. */
export interface Limits {
  /** One chunk of the model, seconds. */
  chunkSec: number;
  durationSec: number;
}

/** Rounding slack: times on the chunk grid are sums of binary fractions. */
const EPSILON = 1e-6;

const seconds = (value: number): string => `${Number(value.toFixed(2))} s`;

/** Why `text` cannot be a caption, or null when it can. */
export function textProblem(text: string): string | null {
  return text.trim() === '' ? 'The caption is empty: write what happens in this shot.' : null;
}

/** Every problem of the storyboard, in timeline order. */
export function validateStoryboard(captions: readonly Caption[], limits: Limits): Problem[] {
  const ordered = [...captions].sort((a, b) => a.startSec - b.startSec || a.id - b.id);
  const problems: Problem[] = [];
  ordered.forEach((caption, index) => {
    const add = (kind: ProblemKind, message: string) => problems.push({ captionId: caption.id, kind, message });
    const empty = textProblem(caption.text);
    if (empty) add('empty', empty);
    const length = caption.endSec - caption.startSec;
    if (length + EPSILON < limits.chunkSec) {
      add('short', `Shorter than one chunk (${seconds(limits.chunkSec)}): the model may never show it. Make it at least one chunk long.`);
    }
    const overlapped = ordered.slice(0, index).filter((other) => other.endSec > caption.startSec + EPSILON);
    for (const other of overlapped) {
      add('overlap', `Overlaps "${other.text}" by ${seconds(Math.min(other.endSec, caption.endSec) - caption.startSec)}: this caption wins there.`);
    }
    if (caption.endSec > limits.durationSec + EPSILON) {
      add('beyond', `Runs past the end of the video (${seconds(limits.durationSec)}): the part after it is not generated.`);
    }
  });
  return problems;
}

/** The problems of each caption, by caption id. */
export function problemsById(problems: readonly Problem[]): Map<number, Problem[]> {
  const byId = new Map<number, Problem[]>();
  for (const problem of problems) byId.set(problem.captionId, [...(byId.get(problem.captionId) ?? []), problem]);
  return byId;
}
