/**
 * MODEL_CARD.md of the shipped default model, written from measured facts only: the data, the
 * recipe, how far training got and how long it took on what hardware, and the validation
 * retrieval scores of the shipped (EMA) weights beside the mean-frame and zeroed-memory baselines.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { ModelConfig } from '../../engine/model/config';
import { RETRIEVAL_METHODS, type Evaluation, type RetrievalMethod, type TrainConfig } from '../../engine/train/index';
import { formatDuration } from './train-progress';

/** How far one stage has come. */
export interface StageProgress {
  train: TrainConfig;
  step: number;
  samplesSeen: number;
  elapsedSeconds: number;
}

/** Everything the card states. */
export interface ModelCardFacts {
  model: ModelConfig;
  parameters: number;
  data: { dir: string; videos: number; seconds: number; width: number; height: number; fps: number; seed: number; validationFraction: number };
  stages: StageProgress[];
  hardware: string;
  evaluation: Evaluation;
  evaluationClips: number;
  evaluatedStage: string;
  command: string;
}

/** A difference smaller than this is not called better or worse. */
const MARGIN_DB = 0.1;

const METHOD_LABELS: Record<RetrievalMethod, string> = {
  oneStep: 'model, 1 sampling step (x0 at t = 1)',
  fewStep: 'model, few sampling steps',
  zeroMemory: 'model with memory zeroed (baseline)',
  meanFrame: "the clip's mean frame (baseline)",
};

function scoresTable(evaluation: Evaluation): string[] {
  const rows = RETRIEVAL_METHODS.map((method) => {
    const s = evaluation.retrieval[method];
    const label = method === 'fewStep' ? `model, ${evaluation.fewSteps} sampling steps` : METHOD_LABELS[method];
    return `| ${label} | ${s.psnr.toFixed(2)} | ${s.ssim.toFixed(3)} | ${s.hfError.toFixed(2)} | ${s.boxPsnr === null ? 'n/a' : s.boxPsnr.toFixed(2)} |`;
  });
  return ['| retrieved by | PSNR dB | SSIM | high-frequency error | PSNR dB in character boxes |', '|---|---|---|---|---|', ...rows];
}

function stageLine(stage: StageProgress): string {
  const t = stage.train;
  const state = stage.step >= t.steps ? 'complete' : 'in progress';
  return `- **${t.stage}** (${state}): step ${stage.step} of ${t.steps}, batch ${t.batch}, ${stage.samplesSeen} clips seen, `
    + `${formatDuration(stage.elapsedSeconds)} of training; AdamW peak lr ${t.learningRate} (warm-up ${t.warmupSteps} steps, cosine to ${t.minLearningRate}), `
    + `weight decay ${t.weightDecay}, gradient clip ${t.clipNorm}, EMA ${t.emaDecay}, seed ${t.seed}`
    + (t.stage === 'pretrain' ? `, ${t.retrievalTargets} target frames per clip` : ', caption dropout 10%');
}

/** The card as Markdown. */
export function renderModelCard(facts: ModelCardFacts): string {
  const { model, data, evaluation } = facts;
  const { video, generator, memory } = model;
  const total = facts.stages.reduce((s, stage) => s + stage.elapsedSeconds, 0);
  const oneStep = evaluation.retrieval.oneStep;
  const mean = evaluation.retrieval.meanFrame;
  const zero = evaluation.retrieval.zeroMemory;
  return [
    '# Longshot default model: Storyworld `tiny`',
    '',
    'The model Longshot uses when a project picks no other: a pixel-space DiT with a pretrained frame-preserving',
    `memory encoder (PFP, arXiv 2512.23851), trained by Longshot's own training code. Written by \`${facts.command}\`;`,
    'every figure below is measured by that run, and running the command again continues training and rewrites this card.',
    '',
    '## Model',
    `- ${video.width}x${video.height} RGB at ${video.fps} fps, ${video.patch}x${video.patch} patches, chunks of ${video.chunkFrames} frames`,
    `- generator: width ${generator.width}, ${generator.depth} blocks, ${generator.heads} heads, recent-frame window ${generator.windowFrames}`,
    `- memory encoder: \`${memory.variant}\` at \`${memory.compression}\`, ${memory.historySeconds} s of history; ${facts.parameters.toLocaleString('en-US')} parameters in all`,
    '- files: `config.json` (architecture, vocabulary, data, metrics), `model.safetensors` (EMA weights), `manifest.json` (sha256 of both)',
    '',
    '## Data',
    `Storyworld (procedural; Longshot's own generator): ${data.videos} videos of ${data.seconds} s at ${data.width}x${data.height}, ${data.fps} fps, seed ${data.seed};`,
    `${Math.round(data.validationFraction * 100)}% of the videos are held out for validation (split by video). Built into \`${data.dir}\` if missing.`,
    '',
    '## Training',
    ...facts.stages.map(stageLine),
    `- total training time ${formatDuration(total)} on ${facts.hardware}`,
    '',
    '## Validation: frame retrieval from memory',
    `${facts.evaluationClips} held-out clips x ${evaluation.frames / Math.max(1, facts.evaluationClips)} random frames of each clip's ${memory.historySeconds} s history,`,
    `reconstructed from the compressed memory alone (null caption), scored on the shipped EMA weights after the ${facts.evaluatedStage} stage (step ${evaluation.step}).`,
    `Validation loss ${evaluation.valLoss.toFixed(4)}.`,
    '',
    ...scoresTable(evaluation),
    '',
    `One step retrieves at ${oneStep.psnr.toFixed(2)} dB against ${mean.psnr.toFixed(2)} dB for the mean frame and ${zero.psnr.toFixed(2)} dB with the memory zeroed:`,
    oneStep.psnr > mean.psnr + MARGIN_DB
      ? 'above both baselines, so the memory carries what the clip shows.'
      : (oneStep.psnr > zero.psnr + MARGIN_DB
        ? 'the memory helps (above the zeroed-memory run) but the model is still below the mean-frame baseline, which is strong on mostly static scenes; more training would close the gap (engine.md, calibration).'
        : 'not yet above either baseline: the model needs more training.'),
    `Only the \`${memory.compression}\` rate is trained; the other rates (2x2x2, 2x2x1) need their own runs (\`longshot train pretrain --memory RATE\`).`,
    '',
  ].join('\n');
}

/** Writes the card atomically (temp file, rename). */
export function writeModelCard(path: string, facts: ModelCardFacts): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, renderModelCard(facts));
  renameSync(temp, path);
}
