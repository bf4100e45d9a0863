/** `longshot eval judge --data DIR [--judge DIR] ...`: trains and scores the attribute judge. */
import { JUDGE_DEFAULTS } from '../../eval/compared';
import type { Command } from '../command';
import { COMMON_EVAL_OPTIONS, runEvalCommand } from './eval-options';

/** `longshot eval judge`. */
export const evalJudgeCommand: Command = {
  path: ['eval', 'judge'],
  summary: 'Train the Storyworld attribute judge and report its held-out accuracy per head',
  options: {
    ...COMMON_EVAL_OPTIONS,
    judge: { type: 'string', value: 'DIR', description: 'Judge folder to write; default assets/models/judge' },
    steps: { type: 'string', value: 'N', description: `Training steps; default ${JUDGE_DEFAULTS.steps}` },
    batch: { type: 'string', value: 'B', description: 'Frames and crops per step; default 48' },
    lr: { type: 'string', value: 'X', description: 'Peak learning rate; default 0.002' },
    'train-videos': { type: 'string', value: 'N', description: 'Fresh Storyworld videos to train on; default 600' },
    'train-seconds': { type: 'string', value: 'S', description: 'Their length; default 9' },
    'frame-step': { type: 'string', value: 'N', description: 'Train on every N-th frame of them; default 12' },
  },
  run: (args, io) => runEvalCommand('judge', args, io),
};
