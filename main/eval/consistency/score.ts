/**
 * Judging a continuation: on each judged frame of the revisited shot, the judge names the place
 * kind of the whole frame, finds each returning character where it is drawn (its presence head
 * searches the frame with boxes of the character's true size; of the characters found, the one
 * nearest the true box is taken) and names its shape, colour and pattern there. A character
 * found nowhere counts as not consistent. Identity holds when shape and colour are the
 * character's own, clothing when the pattern is; place when the kind is the opening place's.
 */
import type { DatasetVideo, FrameTruth } from '../../data/index';
import { judgeFrames, type AttributeJudge, type CharacterQuery } from '../../engine/judge/index';
import { characterLabels, classId, judgeableCharacters } from '../judge-data';
import type { Segment } from './segments';

/** Consistent verdicts out of all verdicts. */
export interface Tally {
  consistent: number;
  total: number;
}

/** The three consistency measures. */
export interface ConsistencyCounts {
  identity: Tally;
  clothing: Tally;
  place: Tally;
}

/** Empty counts. */
export function emptyCounts(): ConsistencyCounts {
  return { identity: { consistent: 0, total: 0 }, clothing: { consistent: 0, total: 0 }, place: { consistent: 0, total: 0 } };
}

/** Adds `b` into `a`. */
export function addCounts(a: ConsistencyCounts, b: ConsistencyCounts): void {
  for (const key of ['identity', 'clothing', 'place'] as const) {
    a[key].consistent += b[key].consistent;
    a[key].total += b[key].total;
  }
}

/** The counts of several videos added up. */
export function sumCounts(list: readonly ConsistencyCounts[]): ConsistencyCounts {
  const total = emptyCounts();
  for (const counts of list) addCounts(total, counts);
  return total;
}

/** A tally as a percentage, or null when nothing was judged. */
export function percent(tally: Tally): number | null {
  return tally.total === 0 ? null : (100 * tally.consistent) / tally.total;
}

/** Percentages (null where nothing was judged) and the counts behind them. */
export interface ConsistencyScores {
  identity: number | null;
  clothing: number | null;
  place: number | null;
  counts: ConsistencyCounts;
}

/** The percentages of `counts`. */
export function scoresOf(counts: ConsistencyCounts): ConsistencyScores {
  return { identity: percent(counts.identity), clothing: percent(counts.clothing), place: percent(counts.place), counts };
}

/**
 * Judges `frames` as the video's frames from index `firstFrame` on (the generated ones, or the
 * real ones for the judge's ceiling) at the segment's judged frames.
 */
export function scoreSegment(judge: AttributeJudge, video: DatasetVideo, segment: Segment, frames: readonly Uint8Array[], firstFrame: number): ConsistencyCounts {
  const { width, height } = video.file;
  const config = judge.config;
  const judged = segment.scoredFrames.filter((f) => f - firstFrame >= 0 && f - firstFrame < frames.length && video.truthAt(f) !== undefined);
  const returning = new Set(segment.openingCharacters);
  const queries: (CharacterQuery & { labels: ReturnType<typeof characterLabels> })[] = [];
  const places: number[] = [];
  judged.forEach((f, k) => {
    const truth = video.truthAt(f) as FrameTruth;
    places.push(classId(config, 'place', truth.placeKind));
    for (const character of judgeableCharacters(truth, width, height)) {
      if (returning.has(character.id)) queries.push({ frame: k, box: character.box, labels: characterLabels(config, character) });
    }
  });
  const verdicts = judgeFrames(judge, judged.map((f) => frames[f - firstFrame] as Uint8Array), width, height, queries, { locate: true });
  const counts = emptyCounts();
  places.forEach((place, k) => {
    counts.place.total += 1;
    if (verdicts.places[k] === place) counts.place.consistent += 1;
  });
  queries.forEach((query, k) => {
    const verdict = verdicts.characters[k];
    counts.identity.total += 1;
    counts.clothing.total += 1;
    if (verdict?.shape === query.labels.shape && verdict.colour === query.labels.colour) counts.identity.consistent += 1;
    if (verdict?.pattern === query.labels.pattern) counts.clothing.consistent += 1;
  });
  return counts;
}
