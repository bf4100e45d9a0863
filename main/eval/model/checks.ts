/**
 * Issue 6's quality bar as orderings, checked on the measured figures and reported as found:
 * retrieval from memory above each baseline (whole frame and inside the characters' boxes), and
 * continuations with the memory judged consistent more often than with it zeroed.
 */
import type { FrameScores, RetrievalMethod } from '../../engine/train/index';
import type { ConsistencyScores } from '../consistency/score';
import { checkOrdering, type Measured, type OrderingCheck } from '../orderings';

/** How each retrieval method is named in tables and checks. */
export const METHOD_LABELS: Record<RetrievalMethod, string> = {
  oneStep: 'model, 1 sampling step',
  fewStep: 'model, few sampling steps',
  zeroMemory: 'model, memory zeroed',
  nearestFrame: 'nearest frame the generator sees without memory',
  meanFrame: "clip's mean frame",
};

const BASELINES = ['zeroMemory', 'nearestFrame', 'meanFrame'] as const;

const measured = (label: string, value: number | null): Measured | null => (value === null ? null : { label, value });

function retrievalChecks(scores: Record<RetrievalMethod, FrameScores>): OrderingCheck[] {
  const metrics: [string, (s: FrameScores) => number | null][] = [['PSNR', (s) => s.psnr], ['PSNR in boxes', (s) => s.boxPsnr]];
  return metrics.flatMap(([metric, pick]) => BASELINES.flatMap((baseline) => {
    const left = measured(METHOD_LABELS.oneStep, pick(scores.oneStep));
    const right = measured(METHOD_LABELS[baseline], pick(scores[baseline]));
    return left && right ? [checkOrdering(metric, left, '>', right)] : [];
  }));
}

function continuationChecks(withMemory: ConsistencyScores, zeroed: ConsistencyScores | null): OrderingCheck[] {
  if (zeroed === null) return [];
  const measures = [['identity', 'identity %'], ['clothing', 'clothing %'], ['place', 'place %']] as const;
  return measures.flatMap(([key, metric]) => {
    const left = measured('with memory', withMemory[key]);
    const right = measured('memory zeroed', zeroed[key]);
    return left && right ? [checkOrdering(metric, left, '>', right)] : [];
  });
}

/** The checks, by part. */
export interface ModelChecks {
  retrieval: OrderingCheck[];
  continuation: OrderingCheck[];
}

/** Every check that both of its figures allow. */
export function modelChecks(retrieval: { scores: Record<RetrievalMethod, FrameScores> }, continuation: { withMemory: ConsistencyScores; memoryZeroed: ConsistencyScores | null }): ModelChecks {
  return { retrieval: retrievalChecks(retrieval.scores), continuation: continuationChecks(continuation.withMemory, continuation.memoryZeroed) };
}
