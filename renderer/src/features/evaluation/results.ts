/** The stored evaluations as the contract gives them, by kind, and how their numbers read. */
import type { CallOutput } from '../../../../preload/api';

/** One stored evaluation (newest first in lists). */
export type Evaluation = CallOutput<'evaluations.list'>[number];
/** Its checked numbers, by kind. */
export type EvalResults = NonNullable<Evaluation['results']>;
export type RetrievalResults = Extract<EvalResults, { kind: 'retrieval' }>;
export type ConsistencyResults = Extract<EvalResults, { kind: 'consistency' }>;
export type JudgeResults = Extract<EvalResults, { kind: 'judge' }>;
export type ModelResults = Extract<EvalResults, { kind: 'model' }>;
/** Mean retrieval scores of one method; percentages of consistent judged frames. */
export type FrameScores = RetrievalResults['meanFrame'];
export type ConsistencyScores = ConsistencyResults['reference'];
/** One of the paper's expected orderings, as measured. */
export type OrderingCheck = RetrievalResults['orderings'][number];
export type EvalProvenance = EvalResults['provenance'];

/** What each kind is called in the UI. */
export const KIND_TITLES: Record<Evaluation['kind'], string> = {
  retrieval: 'Frame retrieval from memory',
  consistency: 'Consistency of returning characters and places',
  judge: 'Attribute judge',
  model: 'A trained model scored',
};

/**
 * A figure with `digits` decimals, or '–' where there is none: the same text `longshot eval`
 * writes into its Markdown tables, so the app and docs/results.md read alike.
 */
export function fixed(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}
