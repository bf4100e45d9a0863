/** The `longshot eval` commands, listed together for the command index. */
import type { Command } from '../command';
import { evalConsistencyCommand } from './eval-consistency';
import { evalJudgeCommand } from './eval-judge';
import { evalModelCommand } from './eval-model';
import { evalRetrievalCommand } from './eval-retrieval';
import { evalTruthCommand } from './eval-truth';

/** `eval judge`, `eval retrieval`, `eval consistency`, `eval model`, `eval truth`. */
export const evalCommands: Command[] = [evalJudgeCommand, evalRetrievalCommand, evalConsistencyCommand, evalModelCommand, evalTruthCommand];
