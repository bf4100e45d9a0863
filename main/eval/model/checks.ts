/**
 * Issue 6's quality bar as orderings, checked on the measured figures and reported as found:
 * retrieval from memory above each baseline (whole frame and inside the characters' boxes), and
 * continuations with the memory judged consistent more often than with it zeroed. Each check
 * carries a paired-bootstrap interval over the held-out videos where per-video figures exist
 * (issue 13: called only when it excludes 0).
 */
import type { FrameScores, RetrievalByVideo, RetrievalMethod } from '../../engine/train/index';
import { meanDifferenceInterval, rateDifferenceInterval } from '../bootstrap';
import type { ConsistencyScores } from '../consistency/score';
import { checkOrdering, type Measured, type OrderingCheck } from '../orderings';
import type { ModelContinuation } from './run';

/** How each retrieval method is named in tables and checks. */
export const METHOD_LABELS: Record<RetrievalMethod, string> = {
  oneStep: 'model, 1 sampling step',
  fewStep: 'model, few sampling steps',
  zeroMemory: 'model, memory zeroed',
  nearestFrame: 'nearest frame the generator sees without memory',
  meanFrame: "clip's mean frame",
  shotMeanFrame: "mean frame of the target's shot (oracle)",
};

const BASELINES = ['zeroMemory', 'nearestFrame', 'meanFrame', 'shotMeanFrame'] as const;

const measured = (label: string, value: number | null): Measured | null => (value === null ? null : { label, value });

function retrievalChecks(scores: Record<RetrievalMethod, FrameScores>, byVideo: RetrievalByVideo | undefined): OrderingCheck[] {
  const metrics: [string, (s: FrameScores) => number | null, 'psnr' | 'boxPsnr'][] = [['PSNR', (s) => s.psnr, 'psnr'], ['PSNR in boxes', (s) => s.boxPsnr, 'boxPsnr']];
  return metrics.flatMap(([metric, pick, perVideo]) => BASELINES.flatMap((baseline) => {
    const left = measured(METHOD_LABELS.oneStep, pick(scores.oneStep));
    const right = measured(METHOD_LABELS[baseline], pick(scores[baseline]));
    const interval = byVideo && meanDifferenceInterval(byVideo.methods.oneStep[perVideo], byVideo.methods[baseline][perVideo]);
    return left && right ? [checkOrdering(metric, left, '>', right, interval)] : [];
  }));
}

function continuationChecks(withMemory: ConsistencyScores, zeroed: ConsistencyScores | null, byVideo: ContinuationByVideo | undefined): OrderingCheck[] {
  if (zeroed === null) return [];
  const measures = [['identity', 'identity %'], ['clothing', 'clothing %'], ['place', 'place %']] as const;
  return measures.flatMap(([key, metric]) => {
    const left = measured('with memory', withMemory[key]);
    const right = measured('memory zeroed', zeroed[key]);
    const interval = byVideo?.memoryZeroed && rateDifferenceInterval(byVideo.withMemory.map((c) => c[key]), byVideo.memoryZeroed.map((c) => c[key]));
    return left && right ? [checkOrdering(metric, left, '>', right, interval)] : [];
  });
}

/** Judged counts per continued video, with the memory and with it zeroed. */
type ContinuationByVideo = ModelContinuation['byVideo'];

/** The checks, by part. */
export interface ModelChecks {
  retrieval: OrderingCheck[];
  continuation: OrderingCheck[];
}

/** Every check that both of its figures allow; per-video figures (absent from older results) add intervals. */
export function modelChecks(
  retrieval: { scores: Record<RetrievalMethod, FrameScores>; byVideo?: RetrievalByVideo },
  continuation: { withMemory: ConsistencyScores; memoryZeroed: ConsistencyScores | null; byVideo?: ContinuationByVideo },
): ModelChecks {
  return {
    retrieval: retrievalChecks(retrieval.scores, retrieval.byVideo),
    continuation: continuationChecks(continuation.withMemory, continuation.memoryZeroed, continuation.byVideo),
  };
}
