/**
 * `longshot eval retrieval --data DIR [--budget STEPS] [--out DIR] [--seed S]`: paper.md Table 1
 * in kind; trains (or loads) each memory encoder and scores retrieval from memory.
 */
import { retrievalParams } from '../../eval/params';
import type { Command } from '../command';
import { COMMON_EVAL_OPTIONS, MODEL_EVAL_OPTIONS, runEvalCommand } from './eval-options';

/** `longshot eval retrieval`. */
export const evalRetrievalCommand: Command = {
  path: ['eval', 'retrieval'],
  summary: 'Compare memory encoders by frame retrieval (PSNR, SSIM, HF error) at equal training budget',
  options: {
    ...COMMON_EVAL_OPTIONS,
    ...MODEL_EVAL_OPTIONS,
    clips: { type: 'string', value: 'N', description: `Held-out clips scored; default ${retrievalParams.shape.clips.def.defaultValue}` },
    targets: { type: 'string', value: 'K', description: `Random frames retrieved per clip; default ${retrievalParams.shape.targets.def.defaultValue}` },
    'few-steps': { type: 'string', value: 'N', description: 'Sampler steps of the few-step figure; default 4' },
    arms: { type: 'string', value: 'IDS', description: 'Comma-separated encoders (e.g. pfp-4x4x2,large-patchifier-4x4x2); default all six' },
  },
  run: (args, io) => runEvalCommand('retrieval', args, io),
};
