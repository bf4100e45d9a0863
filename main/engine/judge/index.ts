/**
 * The attribute judge (engine side): network, training, verdicts and its checkpoint folder.
 * main/eval turns datasets into its labelled frames and its verdicts into consistency scores.
 */
export { CHARACTER_HEADS, JUDGE_FORMAT, JUDGE_HEADS, defaultJudgeConfig, validateJudgeConfig, type CharacterHead, type JudgeConfig, type JudgeHead } from './config';
export {
  JUDGE_SCORES, LOCATED_MIN_IOU, framesTensor, judgeAccuracy, judgeFrames,
  type CharacterQuery, type HeadScore, type JudgeFrame, type JudgeOptions, type JudgeScore, type JudgeSet, type LabelledCharacter, type Verdicts,
} from './examples';
export { AttributeJudge, type CropBox, type CropLogits } from './network';
export { boxIou } from './boxes';
export { JUDGE_PRESET, loadJudge, saveJudge, type LoadedJudge } from './store';
export { trainJudge, type JudgeTrainOptions, type JudgeTrainResult } from './train';
