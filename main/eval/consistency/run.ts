/**
 * `longshot eval consistency` (paper.md Table 2, in kind): four models continue the same
 * held-out storyboards from the same real openings, and the judge scores whether the revisited
 * place and the returning characters come back as they were:
 *   - pretrained memory: the proposed encoder, stage-1 pretrained, then fine-tuned;
 *   - not pretrained: the same encoder fine-tuned from scratch for as many steps as the first
 *     had in both stages, so pretraining is compared at the same total optimizer steps (issue 13);
 *   - only LR: the LR-only encoder, pretrained and fine-tuned like the first;
 *   - no memory: the recent-frame window alone, fine-tuned for the same total steps.
 * The held-out video's own frames, judged the same way, show the judge's ceiling.
 */
import { join } from 'node:path';
import { loadArm, trainArm, type ArmSetup, type StageStart, type TrainedArm } from '../arms';
import { ensureJudge, type JudgeTrainingOptions } from '../judge';
import { seededRateDifferenceInterval } from '../bootstrap';
import { checkClaims, type ClaimSpec, type OrderingCheck } from '../orderings';
import type { ModelRecordRef, Provenance, ProvenanceClock } from '../provenance';
import type { ConsistencyArm } from '../compared';
import type { EvalScaleName } from '../scales';
import { continueAndJudge, heldOutPieces, judgeReference, type HeldOutPiece } from './pieces';
import { scoresOf, sumCounts, type ConsistencyCounts, type ConsistencyScores } from './score';
import { seedSetup, trainingSeeds, type SeedRun } from '../seeds';

export type { ConsistencyScores } from './score';

const CLAIMS: readonly ClaimSpec[] = [
  { left: 'pretrained', relation: '>', right: 'not-pretrained' },
  { left: 'not-pretrained', relation: '>', right: 'no-memory' },
  { left: 'pretrained', relation: '>', right: 'no-memory' },
  { left: 'pretrained', relation: '>', right: 'only-lr' },
];

/** What one consistency evaluation runs. */
export interface ConsistencyOptions {
  setup: ArmSetup;
  /** Stage-1 steps of the pretrained arms, and stage-2 steps of every arm. */
  pretrainSteps: number;
  finetuneSteps: number;
  arms: readonly ConsistencyArm[];
  /** Held-out videos continued. */
  videos: number;
  /** Most seconds of each revisit judged. */
  maxScoreSeconds: number;
  samplingSteps: number;
  guidance: number;
  /** Training seeds per model (consecutive from the setup's seed). */
  seeds: number;
  judgeDir: string;
  /** How to train the judge when `judgeDir` holds none. */
  judgeTraining: Omit<JudgeTrainingOptions, 'out'>;
  clock: ProvenanceClock;
  /** After each generated chunk. */
  onChunk?(arm: ConsistencyArm, videoId: string, index: number, chunks: number): void;
}

/** One model's result. */
export interface ConsistencyRow {
  id: string;
  label: string;
  encoder: string;
  pretrainSteps: number;
  finetuneSteps: number;
  model: string;
  sha256: string | null;
  scores: ConsistencyScores;
  /** The counts behind `scores`, per continued video (settings.videos' order) and pooled over seeds, for paired intervals. */
  byVideo?: ConsistencyCounts[];
  /** Each training seed's model and identity %; `scores` pools their verdicts (absent from results stored before seeds). */
  seeds?: SeedRun[];
  /** Per seed, the counts per continued video, for intervals that resample seeds too (absent: one seed, or results stored before). */
  byVideoPerSeed?: ConsistencyCounts[][];
}

/** A whole consistency evaluation, as saved to JSON and SQLite. */
export interface ConsistencyResults {
  kind: 'consistency';
  version: 1;
  provenance: Provenance;
  settings: {
    pretrainSteps: number; finetuneSteps: number; batch: number; scale: EvalScaleName; samplingSteps: number; guidance: number;
    videos: string[]; generatedFrames: number; judgedFrames: number; data: string[];
    /** Training seeds of every model (absent from results stored before seeds: one, the provenance's). */
    seeds?: number[];
    /** Per storyboard, seconds from its start to the judged revisit, and the models' history (absent from results stored before them). */
    revisitSeconds?: number[];
    historySeconds?: number;
  };
  rows: ConsistencyRow[];
  /** The held-out videos' own frames, judged the same way. */
  reference: ConsistencyScores;
  judge: { path: string; sha256: string; accuracy: Record<string, number> };
  orderings: OrderingCheck[];
}

/** Runs the evaluation (see the file comment). */
export async function runConsistencyEval(options: ConsistencyOptions): Promise<ConsistencyResults> {
  const { setup } = options;
  const seeds = trainingSeeds(setup.seed, options.seeds);
  const judged = await ensureJudge(options.judgeDir, options.judgeTraining);
  const models: ModelRecordRef[] = [{ role: 'judge', path: options.judgeDir, sha256: judged.sha256 }];
  try {
    const rows: ConsistencyRow[] = [];
    let pieces: HeldOutPiece[] = [];
    let historySeconds = 0;
    for (const arm of options.arms) {
      const start: StageStart = arm.pretrained ? { from: 'pretrain', steps: options.pretrainSteps } : { from: 'scratch' };
      const steps = arm.pretrained ? options.finetuneSteps : options.pretrainSteps + options.finetuneSteps;
      const runs: { trained: TrainedArm; sha256: string | null; counts: ConsistencyCounts[] }[] = [];
      for (const seed of seeds) {
        const seeded = seedSetup(setup, seed);
        const trained: TrainedArm = await trainArm(seeded, { arm: arm.encoder, stage: 'finetune', steps, start });
        const loaded = loadArm(trained);
        try {
          historySeconds = loaded.config.memory.historySeconds;
          if (pieces.length === 0) {
            pieces = heldOutPieces({
              data: setup.data, validationFraction: setup.validationFraction, count: options.videos,
              chunkFrames: loaded.config.video.chunkFrames, maxScoreSeconds: options.maxScoreSeconds,
            });
          }
          const label = `${arm.label}${seeds.length > 1 ? ` (seed ${seed})` : ''}`;
          // The sampling noise stays the first seed's, so seeds differ only in what they trained.
          const counts = await continueAndJudge(loaded, pieces, judged.judge, {
            workDir: join(seeded.out, 'consistency', arm.id), modelDir: trained.dir, seed: setup.seed,
            samplingSteps: options.samplingSteps, guidance: options.guidance, log: (line) => setup.log(`${label}: ${line}`),
            ...(setup.signal && { signal: setup.signal }), onChunk: (videoId, index, chunks) => options.onChunk?.(arm, videoId, index, chunks),
          });
          models.push({ role: `consistency ${arm.id}${seeds.length > 1 ? ` seed ${seed}` : ''}`, path: trained.dir, sha256: loaded.description.sha256 });
          runs.push({ trained, sha256: loaded.description.sha256, counts });
        } finally {
          loaded.model.dispose();
        }
      }
      // Each video's verdicts pooled over seeds: the bootstrap resamples videos, not seeds.
      const byVideo = pieces.map((_, v) => sumCounts(runs.map((r) => r.counts[v] as ConsistencyCounts)));
      const [first] = runs as [(typeof runs)[number], ...typeof runs];
      rows.push({
        id: arm.id, label: arm.label, encoder: arm.encoder.label, pretrainSteps: first.trained.pretrainSteps, finetuneSteps: first.trained.steps,
        model: first.trained.dir, sha256: first.sha256, scores: scoresOf(sumCounts(byVideo)), byVideo,
        seeds: runs.map((r) => ({ seed: r.trained.seed, model: r.trained.dir, sha256: r.sha256, figure: scoresOf(sumCounts(r.counts)).identity })),
        ...(runs.length > 1 && { byVideoPerSeed: runs.map((r) => r.counts) }),
      });
    }
    const reference = judgeReference(pieces, judged.judge);
    return {
      kind: 'consistency', version: 1, provenance: options.clock.finish(models),
      settings: {
        pretrainSteps: options.pretrainSteps, finetuneSteps: options.finetuneSteps, batch: setup.batch, scale: setup.scale,
        samplingSteps: options.samplingSteps, guidance: options.guidance, videos: pieces.map((p) => p.video.id),
        generatedFrames: pieces.reduce((n, p) => n + p.segment.generatedFrames, 0), judgedFrames: pieces.reduce((n, p) => n + p.segment.scoredFrames.length, 0),
        data: [...setup.data], seeds,
        revisitSeconds: pieces.map((p) => (p.segment.scoredFrames[0] ?? 0) / p.video.file.fps), historySeconds,
      },
      rows, reference: scoresOf(sumCounts(reference)),
      judge: { path: options.judgeDir, sha256: judged.sha256, accuracy: judged.metrics },
      orderings: consistencyOrderings(rows),
    };
  } finally {
    judged.judge.dispose();
  }
}

/** The expected orderings on each of the three measures. */
export function consistencyOrderings(rows: readonly ConsistencyRow[]): OrderingCheck[] {
  const measures = [['identity', 'identity %'], ['clothing', 'clothing %'], ['place', 'place %']] as const;
  const row = (id: string) => rows.find((r) => r.id === id);
  return measures.flatMap(([key, metric]) => checkClaims(CLAIMS, metric, (id) => {
    const value = row(id)?.scores[key];
    return value !== null && value !== undefined ? { label: (row(id) as ConsistencyRow).label, value } : null;
  }, (claim) => {
    // Each seed's tallies where the row kept them, so the interval resamples seeds as well as videos.
    const perSeed = (id: string) => {
      const found = row(id);
      const counts = found?.byVideoPerSeed ?? (found?.byVideo ? [found.byVideo] : null);
      return counts?.map((videos) => videos.map((c) => c[key])) ?? null;
    };
    const left = perSeed(claim.left);
    const right = perSeed(claim.right);
    return left && right ? seededRateDifferenceInterval(left, right) : null;
  }));
}
