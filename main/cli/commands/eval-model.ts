/**
 * `longshot eval model --model DIR --data DIR`: scores one trained model as it is, on held-out
 * Storyworld videos: frame retrieval from its memory beside four baselines, and continuations
 * judged by the attribute judge with its memory and with it zeroed (main/eval/model/run.ts).
 */
import { modelParams } from '../../eval/params';
import type { Command } from '../command';
import { COMMON_EVAL_OPTIONS, continuationEvalOptions, runEvalCommand } from './eval-options';

/** `longshot eval model`. */
export const evalModelCommand: Command = {
  path: ['eval', 'model'],
  summary: 'Score a trained model: retrieval from memory vs baselines, and judged continuations with and without memory',
  options: {
    model: { type: 'string', value: 'DIR', description: 'Trained model folder, e.g. assets/models/default (required); scored at the memory rate it was trained at' },
    ...COMMON_EVAL_OPTIONS,
    json: { type: 'string', value: 'FILE', description: 'Also write the results JSON to FILE' },
    clips: { type: 'string', value: 'N', description: `Held-out clips whose history frames are retrieved; default ${modelParams.shape.clips.def.defaultValue}` },
    targets: {
      type: 'string', value: 'K',
      description: `Random history frames retrieved per clip; default ${modelParams.shape.targets.def.defaultValue}. Baselines for each: the model with its memory zeroed, `
        + 'the clip\'s mean frame, the mean frame of the target\'s shot (an oracle), and the nearest frame the generator sees without memory: of its recent window '
        + '(the last max(1, window) history frames; for `tiny`, the last frame) the one nearest in time to the target. PSNR is pooled per video; '
        + 'each check carries a 95% paired-bootstrap interval over the held-out videos and is called only when it excludes 0',
    },
    'few-steps': { type: 'string', value: 'N', description: 'Sampler steps of the few-step figure; default 4' },
    batch: { type: 'string', value: 'B', description: 'Clips per forward pass of the retrieval scoring; default 4' },
    ...continuationEvalOptions(modelParams.shape.videos.def.defaultValue, ' with the memory and again with it zeroed'),
  },
  run: (args, io) => runEvalCommand('model', args, io),
};
