/**
 * The trainer's retrieval evaluation scores its baselines as issue 13 asks: PSNR pooled per video
 * (a baseline that copies a target exactly is not scored at a capped 100 dB frame), one set of
 * figures per held-out video for paired intervals, and the per-shot mean-frame oracle.
 */
import { describe, expect, it } from 'vitest';
import { PSNR_CAP_DB, psnrFromMse } from '../../main/engine/metrics/psnr';
import { VideoModel } from '../../main/engine/model/model';
import { evaluate, historyFrames, type TrainingClip } from '../../main/engine/train/index';
import { microConfig, useBackend } from '../engine/model-fixtures';

const SIDE = 16;
const FRAME = SIDE * SIDE * 3;

/** A clip whose frame i is flat at `levels[i]`, its shots starting where `starts` says. */
function flatClip(videoKey: string | undefined, levels: number[], starts: number[] = [0]): TrainingClip {
  const frames = new Uint8Array(levels.length * FRAME);
  levels.forEach((level, i) => frames.fill(level, i * FRAME, (i + 1) * FRAME));
  return {
    ...(videoKey !== undefined && { videoKey }), width: SIDE, height: SIDE, frameCount: levels.length, frames,
    captions: levels.map(() => ''), shotStart: levels.map((_, i) => starts.includes(i)),
  };
}

describe('retrieval evaluation baselines', () => {
  it('pools PSNR per video, keeps per-video figures and scores the per-shot mean oracle', async () => {
    await useBackend('wasm');
    const model = new VideoModel(microConfig(), 1);
    try {
      const history = historyFrames(model.config);
      expect(history).toBe(8);
      // Video a: two clips, each of two flat shots (levels 40 and 200, cut at frame 4).
      const shots = [40, 40, 40, 40, 200, 200, 200, 200];
      // Video b: one clip whose frames brighten by 10 per frame, one shot.
      const ramp = [60, 70, 80, 90, 100, 110, 120, 130];
      const clips = [flatClip('a', shots, [0, 4]), flatClip('a', shots, [0, 4]), flatClip('b', ramp)];
      // Every history frame is a target, so the last one is copied exactly by the nearest-frame baseline.
      const evaluation = await evaluate(model, 0, { stage: 'pretrain', clips, targets: history, fewSteps: 1, batch: 2, seed: 3 });
      const { videos, methods } = evaluation.byVideo;
      expect(videos).toEqual(['a', 'b']);

      // The nearest frame (window of 1: the history's last frame) against every frame, pooled per video.
      const pooled = (levels: number[]) => psnrFromMse(levels.reduce((sum, level) => sum + (level - (levels.at(-1) as number)) ** 2, 0) / levels.length);
      expect(methods.nearestFrame.psnr[0]).toBeCloseTo(pooled(shots), 6);
      expect(methods.nearestFrame.psnr[1]).toBeCloseTo(pooled(ramp), 6);
      expect(evaluation.retrieval.nearestFrame.psnr).toBeCloseTo((pooled(shots) + pooled(ramp)) / 2, 6);
      expect(evaluation.retrieval.nearestFrame.psnr).toBeLessThan(30);

      // The shot's mean is exact for flat shots; the clip's mean is not.
      expect(methods.shotMeanFrame.psnr[0]).toBe(PSNR_CAP_DB);
      expect(methods.meanFrame.psnr[0]).toBeLessThan(20);
      // With one shot, the two means agree.
      expect(methods.shotMeanFrame.psnr[1]).toBeCloseTo(methods.meanFrame.psnr[1] as number, 6);
      // No boxes in these clips: no box figure.
      expect(methods.oneStep.boxPsnr).toEqual([null, null]);
      expect(evaluation.retrieval.oneStep.boxPsnr).toBeNull();
    } finally {
      model.dispose();
    }
  }, 60_000);

  it('counts a clip without a video key as a video of its own', async () => {
    await useBackend('wasm');
    const model = new VideoModel(microConfig(), 1);
    try {
      const levels = [10, 20, 30, 40, 50, 60, 70, 80];
      const evaluation = await evaluate(model, 0, { stage: 'pretrain', clips: [flatClip(undefined, levels), flatClip(undefined, levels)], targets: 2, fewSteps: 1, batch: 2, seed: 1 });
      expect(evaluation.byVideo.videos).toEqual(['clip 0', 'clip 1']);
      expect(evaluation.byVideo.methods.oneStep.psnr).toHaveLength(2);
    } finally {
      model.dispose();
    }
  }, 60_000);
});
