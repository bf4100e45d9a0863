/**
 * `longshot eval consistency --data DIR`: paper.md Table 2 in kind; continues held-out
 * storyboards with and without pretrained memory and scores returning characters and places.
 */
import { consistencyParams } from '../../eval/params';
import type { Command } from '../command';
import { COMMON_EVAL_OPTIONS, continuationEvalOptions, MODEL_EVAL_OPTIONS, runEvalCommand } from './eval-options';

/** `longshot eval consistency`. */
export const evalConsistencyCommand: Command = {
  path: ['eval', 'consistency'],
  summary: 'Judge identity, clothing and place consistency of continuations with and without pretrained memory',
  options: {
    ...COMMON_EVAL_OPTIONS,
    ...MODEL_EVAL_OPTIONS,
    finetune: { type: 'string', value: 'STEPS', description: 'Fine-tuning steps of every model; default 300' },
    ...continuationEvalOptions(consistencyParams.shape.videos.def.defaultValue, ' by each model'),
    arms: { type: 'string', value: 'IDS', description: 'Comma-separated models: pretrained,not-pretrained,only-lr,no-memory (default all)' },
  },
  run: (args, io) => runEvalCommand('consistency', args, io),
};
