/**
 * Analytic cost of a config, without building it: sequence layout, parameter count and forward
 * FLOPs (a multiply-add counts 2; only matrix products are counted, elementwise work is small
 * beside them). Mirrors the modules of this folder; a test checks parameterCount against a built
 * model of every variant, so the two cannot drift apart unnoticed.
 */
import { compressionBox, pixelHeadInputs, type ModelConfig } from './config';
import { memoryGrid, mergeStages } from './memory/grid';

/** How much video one forward pass sees. */
export interface Workload {
  historyFrames: number;
  targetFrames: number;
  windowFrames: number;
}

/** The default workload of a config: its full history, one chunk, its window. */
export function defaultWorkload(config: ModelConfig): Workload {
  return {
    historyFrames: Math.round(config.memory.historySeconds * config.video.fps),
    targetFrames: config.video.chunkFrames,
    windowFrames: config.generator.windowFrames,
  };
}

/** Token counts of the generator's joint sequence. */
export interface SequenceLayout {
  caption: number;
  memory: number;
  window: number;
  target: number;
  total: number;
}

/** Tokens per segment of G's sequence for one sample. */
export function sequenceLayout(config: ModelConfig, workload: Workload): SequenceLayout {
  const { video, memory, text } = config;
  const perFrame = (video.height / video.patch) * (video.width / video.patch);
  let memoryCount = 0;
  if (memory.variant !== 'none' && workload.historyFrames > 0) {
    const grid = memoryGrid(memory.compression, { gridRows: video.height / video.patch, gridCols: video.width / video.patch, patch: video.patch }, workload.historyFrames);
    memoryCount = grid.frames * grid.rows * grid.cols;
  }
  const layout = { caption: text.maxLength, memory: memoryCount, window: workload.windowFrames * perFrame, target: workload.targetFrames * perFrame };
  return { ...layout, total: layout.caption + layout.memory + layout.window + layout.target };
}

const linearParams = (i: number, o: number): number => i * o + o;
const blockParams = (w: number, mlpRatio: number): number =>
  4 * w + linearParams(w, 3 * w) + linearParams(w, w) + linearParams(w, w * mlpRatio) + linearParams(w * mlpRatio, w);

/** HR branch stage kernels' input sizes and output channels, in order. */
function hrStages(config: ModelConfig): { inFeatures: number; out: number; factor: number }[] {
  const { video, memory } = config;
  const box = compressionBox(memory.compression);
  const widthOf = (i: number): number => memory.hrChannels[Math.min(i, memory.hrChannels.length - 1)] as number;
  const first = memory.hrPatch ?? video.patch;
  const kernels = [[1, first, first], ...mergeStages({ t: 1, h: video.patch / first, w: video.patch / first }), ...mergeStages(box)];
  return kernels.map(([kt, kh, kw], i) => ({
    inFeatures: (kt as number) * (kh as number) * (kw as number) * (i === 0 ? video.channels : widthOf(i - 1)),
    out: widthOf(i),
    factor: (kt as number) * (kh as number) * (kw as number),
  }));
}

/** (in, out) channels of the pixel head's three convolutions. */
function pixelHeadConvs(channels: number, hidden: number, gated: boolean): [number, number][] {
  return [[pixelHeadInputs(channels), hidden], [hidden, hidden], [hidden, channels], ...(gated ? [[hidden, 1] as [number, number]] : [])];
}

/** Scalar weights of the whole model. */
export function parameterCount(config: ModelConfig): number {
  const { video, text, generator: g, memory } = config;
  const d = g.width;
  const patchValues = video.patch * video.patch * video.channels;
  const textParams = text.vocab.length * text.width + text.maxLength * text.width + text.depth * blockParams(text.width, 4)
    + 2 * text.width + 2 * linearParams(text.width, d) + text.maxLength * d + d;
  const generatorParams = linearParams(patchValues, d) + 4 * d + 2 * linearParams(d, d)
    + g.depth * (blockParams(d, g.mlpRatio) - 4 * d + linearParams(d, 6 * d))
    + linearParams(d, 2 * d) + linearParams(d, patchValues)
    + (g.shotEmbedding === true ? 2 * d : 0) + (g.windowInjection === true ? linearParams(patchValues, d) : 0)
    + (g.windowShortcut === true ? patchValues * patchValues + linearParams(d, 1) : 0)
    + (g.pixelHead === undefined ? 0 : pixelHeadConvs(video.channels, g.pixelHead, g.pixelGate === true).reduce((n, [i, o]) => n + 9 * i * o + o, 0));
  const stages = hrStages(config);
  const hrWidth = stages[stages.length - 1]?.out ?? 0;
  const hrParams = stages.reduce((n, s) => n + linearParams(s.inFeatures, s.out), 0) + blockParams(hrWidth, 2) + linearParams(hrWidth, d);
  const box = compressionBox(memory.compression);
  const lrParams = memory.lrMerge === 'learned' && box.t > 1 ? linearParams(box.t * d, d) : 0;
  let memoryParams: number;
  switch (memory.variant) {
    case 'pfp': memoryParams = 1 + lrParams + hrParams; break;
    case 'without-lr': memoryParams = 1 + hrParams; break;
    case 'only-lr': memoryParams = 1 + lrParams; break;
    case 'large-patchifier': memoryParams = 1 + linearParams(box.t * box.h * box.w * patchValues, d); break;
    case 'none': memoryParams = 0; break;
  }
  return textParams + generatorParams + memoryParams;
}

/** Forward FLOPs of one sample, by component. */
export interface FlopBreakdown {
  text: number;
  memory: number;
  generator: number;
  total: number;
}

const blockFlops = (tokens: number, w: number, mlpRatio: number): number =>
  2 * tokens * w * w * (4 + 2 * mlpRatio) + 4 * tokens * tokens * w;

/** Forward FLOPs of one sample (one conditional pass; guidance doubles the generator part). */
export function forwardFlops(config: ModelConfig, workload: Workload): FlopBreakdown {
  const { video, text, generator: g, memory } = config;
  const d = g.width;
  const layout = sequenceLayout(config, workload);
  const patchValues = video.patch * video.patch * video.channels;
  const textFlops = 2 * text.maxLength * text.vocab.length * text.width + text.depth * blockFlops(text.maxLength, text.width, 4)
    + 2 * text.maxLength * text.width * d + 2 * text.width * d;
  // With window injection the last window frame is embedded once more (one frame of tokens).
  const injected = g.windowInjection === true && workload.windowFrames > 0 ? layout.window / workload.windowFrames : 0;
  const shortcut = g.windowShortcut === true && workload.windowFrames > 0 ? 2 * (layout.window / workload.windowFrames) * patchValues * patchValues : 0;
  // The pixel head's 3x3 convolutions run over every target pixel.
  const headFlops = g.pixelHead === undefined ? 0
    : 2 * layout.target * video.patch * video.patch * pixelHeadConvs(video.channels, g.pixelHead, g.pixelGate === true).reduce((n, [i, o]) => n + 9 * i * o, 0);
  const generatorFlops = headFlops + shortcut + 2 * (layout.window + layout.target + injected) * patchValues * d + 2 * 2 * d * d
    + g.depth * (blockFlops(layout.total, d, g.mlpRatio) + 2 * d * 6 * d) + 2 * layout.target * d * patchValues + 2 * d * 2 * d;
  const m = layout.memory;
  const box = compressionBox(memory.compression);
  // Per memory token: the LR branch embeds t frames of one pooled patch each (and may merge them by a learned map).
  const lrFlops = 2 * m * box.t * patchValues * d + (memory.lrMerge === 'learned' && box.t > 1 ? 2 * m * box.t * d * d : 0);
  const stages = hrStages(config);
  // The first stage keeps (p / hrPatch)^2 vectors per generator token (of the padded history); merges divide.
  const perToken = (video.patch / (memory.hrPatch ?? video.patch)) ** 2;
  let stageTokens = m * box.t * box.h * box.w * perToken;
  let hrFlops = 0;
  stages.forEach((stage, i) => {
    if (i > 0) stageTokens /= stage.factor;
    hrFlops += 2 * stageTokens * stage.inFeatures * stage.out;
  });
  const hrWidth = stages.at(-1)?.out ?? 0;
  hrFlops += blockFlops(m, hrWidth, 2) + 2 * m * hrWidth * d;
  let memoryFlops: number;
  switch (memory.variant) {
    case 'pfp': memoryFlops = lrFlops + hrFlops; break;
    case 'only-lr': memoryFlops = lrFlops; break;
    case 'without-lr': memoryFlops = hrFlops; break;
    case 'large-patchifier': memoryFlops = 2 * m * box.t * box.h * box.w * patchValues * d; break;
    case 'none': memoryFlops = 0; break;
  }
  return { text: textFlops, memory: memoryFlops, generator: generatorFlops, total: textFlops + memoryFlops + generatorFlops };
}
