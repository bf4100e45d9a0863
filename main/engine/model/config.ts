/**
 * The typed model configuration. A config is plain JSON: it is stored as config.json in every
 * model folder (vocabulary included), so a checkpoint rebuilds exactly the network it was
 * trained with. Named presets live in ../presets.ts.
 */
import { requireConfig } from './errors';

/** Memory encoder variants behind one interface (paper.md Table 1 plus the no-memory baseline). */
export type MemoryVariant = 'pfp' | 'large-patchifier' | 'only-lr' | 'without-lr' | 'none';

/** Every variant, in the order of paper.md's Table 1, then the baseline. */
export const MEMORY_VARIANTS: readonly MemoryVariant[] = ['large-patchifier', 'only-lr', 'without-lr', 'pfp', 'none'];

/** Compression `h x w x t` relative to the generator's token grid. */
export type CompressionName = '4x4x2' | '2x2x2' | '2x2x1';

/** Every compression preset, most compressed first. */
export const COMPRESSIONS: readonly CompressionName[] = ['4x4x2', '2x2x2', '2x2x1'];

/** Frame format and chunking. Pixel space: one token-frame is one frame. */
export interface VideoConfig {
  width: number;
  height: number;
  channels: number;
  fps: number;
  /** Generator patch size p: tokens are p x p pixels of one frame. */
  patch: number;
  /** Frames generated per autoregressive step. */
  chunkFrames: number;
}

/** Caption tokenizer and encoder. */
export interface TextConfig {
  /** The vocabulary, index = token id; built from a corpus (tokenizer.ts). */
  vocab: string[];
  maxLength: number;
  width: number;
  depth: number;
  heads: number;
}

/** The DiT generator. */
export interface GeneratorConfig {
  width: number;
  depth: number;
  heads: number;
  mlpRatio: number;
  /** Uncompressed most-recent frames given next to the memory (0: none). */
  windowFrames: number;
  ropeTimeBase: number;
  ropeSpaceBase: number;
  /**
   * Fixed (t, h, w) sinusoids added to memory, window and target tokens, so every token also
   * carries its place absolutely and not only through RoPE's rotations (engine.md's calibration
   * separated the encoders with them); with them every position, RoPE's too, counts time from the
   * first target frame, so a chunk late in a long video is computed as one early in it.
   * Absent: off, and RoPE uses the times as given.
   */
  absolutePositions?: boolean;
  /**
   * Caption, memory and window tokens are clean context: they get the AdaLN modulation of
   * t = 0 rather than the noisy targets' t. Absent: every token gets the targets' modulation.
   */
  cleanContext?: boolean;
  /**
   * A learned embedding of whether the target chunk opens a new shot (a hard cut, or nothing
   * before it) or continues the shot the history ends in, added to the pooled caption. Without it
   * a place-naming caption is ambiguous: training sees it mostly right after a cut, with the shot
   * before in the history, so the model learns to ignore the history whenever such a caption is
   * active, and every later chunk of that shot is drawn from the caption alone. Absent: off.
   */
  shotEmbedding?: boolean;
  /**
   * The last recent-window frame, patch-embedded by its own projection (zero at first), is added
   * to every target token at the same place: a per-token view of the frame before the chunk, as
   * image-to-video models concatenate their conditioning frame to the noisy input. Through
   * attention alone the tiny generator never learned to copy that frame (teacher-forced probes:
   * 19.1 dB against 28.8 dB for repeating the last frame; docs/model-quality.md). Absent: off.
   */
  windowInjection?: boolean;
  /**
   * A pixel path from the last recent-window frame to the output: each of its patches through
   * one linear map (patch values to patch values, the identity at first), scaled per sample by a
   * gate read from the targets' modulation (0 at first, so the model computes what it did; it
   * learns how far to open it), added to G's prediction of every target frame of a chunk that
   * continues its shot (Conditioning.newShot false; a chunk that opens one gets none). The tiny DiT squeezes a patch's 192 values into 128
   * and could not hand a frame's detail through to its output, not even a nearly clean x_t's
   * (23 dB from x_t at t = 0.05, where x_t / (1 - t) is at about 32 dB); this path does not go through
   * it. Absent: off.
   */
  windowShortcut?: boolean;
  /**
   * Hidden channels of the pixel head (pixel-head.ts): three 3x3 convolutions at full resolution
   * that correct G's patch-wise x0 from x0 itself, x_t, t and, in a chunk that continues its shot,
   * the last recent frame. It lets detail in x_t and the recent frame reach the output without
   * passing through the DiT's width, and lets neighbouring patches agree at their borders. Its
   * last convolution starts at zero. Absent: off.
   */
  pixelHead?: number;
  /**
   * The pixel head also computes a per-pixel gate g that mixes x_t itself into its output,
   * x0 + g (x_t - x0), so a nearly clean input can pass through. The head's three convolutions
   * cannot easily multiply x_t by a function of t; measured, they returned x0 at 28.8 dB from x_t
   * at t = 0.05, which is 31 dB itself (eval truth --denoise). The gate's convolution starts at
   * zero. Needs a pixel head. Absent: off.
   */
  pixelGate?: boolean;
}

/** The memory encoder phi. */
export interface MemoryConfig {
  variant: MemoryVariant;
  compression: CompressionName;
  /** History length the model is trained and sized for. */
  historySeconds: number;
  /** Channels of the HR branch stages (the last one repeats when more stages are needed). */
  hrChannels: number[];
  hrHeads: number;
  /**
   * Pixels per side of the HR branch's first stage; 2x merges then reach the generator's patch.
   * A patch of p = 8 is 192 values squeezed into hrChannels[0] (64) at once; 4 x 4 (48 values)
   * loses nothing there. Absent: the generator's patch size.
   */
  hrPatch?: number;
  /**
   * How the LR branch merges the t frames of a box: 'mean' (no weights of its own) or 'learned'
   * (the mean plus a learned map of the frames side by side, zero at the start). Absent: 'mean'.
   */
  lrMerge?: 'mean' | 'learned';
  /** Starting value of the memory gate: 0 so a pretrained generator starts unchanged; 1 when all trains from scratch. Absent: 0. */
  gateInit?: number;
}

/** Rectified-flow settings: training t-distribution and sampler defaults. */
export interface FlowConfig {
  /** Logit-normal t: sigmoid(N(tMean, tStd)), then shifted toward noise by trainShift. */
  tMean: number;
  tStd: number;
  trainShift: number;
  sampleShift: number;
  sampleSteps: number;
  guidance: number;
  /**
   * The sampler's stochasticity in [0, 1] for this model (flow/sampler.ts flowStep): the share of
   * each step's noise drawn afresh. Absent: 0, the deterministic Euler sampler.
   */
  sampleStochasticity?: number;
  /** Fraction of training captions replaced by the learned null caption. */
  captionDropout: number;
  /**
   * With a value s (the data's RMS in [-1, 1]; Storyworld's is 0.56), G's output F is
   * preconditioned as in EDM (Karras et al. 2022, "Elucidating the design space", section 5) on
   * the rectified-flow path: x0_hat = c_skip(t) x_t + c_out(t) F, with
   * c_skip = (1 - t) s^2 / ((1 - t)^2 s^2 + t^2), the best linear guess of x0 from x_t, and
   * c_out = t / sqrt((1 - t)^2 s^2 + t^2), scaled so c_out(1) = 1: at pure noise F is x0 as
   * before, so a model without it can be fine-tuned into it. Without it a tiny G could not even
   * pass a nearly clean input through (x0 predicted at 23 dB from x_t at t = 0.05, where x_t / (1 - t)
   * is at about 32 dB), so the sampler's last step landed on a blur. Absent: F is x0_hat.
   */
  skipDataStd?: number;
}

/** The sampler settings a model folder recommends, which may change without retraining. */
export type SamplerSettings = Partial<Pick<FlowConfig, 'sampleShift' | 'sampleStochasticity'>>;

/** `config` recommending other sampler settings (those given), validated. */
export function withSamplerSettings(config: ModelConfig, settings: SamplerSettings): ModelConfig {
  const flow = { ...config.flow };
  if (settings.sampleShift !== undefined) flow.sampleShift = settings.sampleShift;
  if (settings.sampleStochasticity !== undefined) flow.sampleStochasticity = settings.sampleStochasticity;
  const changed = { ...config, flow };
  validateConfig(changed);
  return changed;
}

/** The whole architecture. */
export interface ModelConfig {
  formatVersion: 1;
  preset: string;
  video: VideoConfig;
  text: TextConfig;
  generator: GeneratorConfig;
  memory: MemoryConfig;
  flow: FlowConfig;
}

/** Input planes per pixel of the pixel head: x0 (C), x_t (C), t (1), last recent frame (C), its flag (1). Here, not in pixel-head.ts, so cost figures load without tfjs. */
export function pixelHeadInputs(channels: number): number {
  return 3 * channels + 2;
}

/** The compression box (h, w, t) of a preset name. */
export function compressionBox(name: CompressionName): { h: number; w: number; t: number } {
  switch (name) {
    case '4x4x2': return { h: 4, w: 4, t: 2 };
    case '2x2x2': return { h: 2, w: 2, t: 2 };
    case '2x2x1': return { h: 2, w: 2, t: 1 };
  }
}

/** Throws an `invalid_config` ModelError naming the first inconsistency of `config`. */
export function validateConfig(config: ModelConfig): void {
  const { video, text, generator, memory } = config;
  requireConfig(config.formatVersion === 1, `unknown model config format ${String(config.formatVersion)}`);
  requireConfig(video.width % video.patch === 0 && video.height % video.patch === 0,
    `frame size ${video.width}x${video.height} is not divisible by the patch size ${video.patch}`);
  requireConfig(video.chunkFrames >= 1 && video.fps > 0 && video.channels >= 1, 'chunk frames, fps and channels must be positive');
  requireConfig(generator.width % generator.heads === 0 && (generator.width / generator.heads) % 8 === 0,
    `generator width ${generator.width} must split into ${generator.heads} heads of a multiple of 8`);
  requireConfig(text.width % text.heads === 0, `text width ${text.width} is not divisible by ${text.heads} heads`);
  requireConfig(text.vocab.length >= 2 && text.maxLength >= 1, 'the text vocabulary and caption length must not be empty');
  requireConfig(memory.hrChannels.length >= 1 && memory.hrChannels.every((c) => c % memory.hrHeads === 0 && (c / memory.hrHeads) % 8 === 0),
    `memory HR channels ${memory.hrChannels.join(',')} must split into ${memory.hrHeads} heads of a multiple of 8`);
  requireConfig(generator.windowFrames >= 0 && memory.historySeconds >= 0, 'window frames and history seconds must not be negative');
  const hrPatch = memory.hrPatch ?? video.patch;
  requireConfig(Number.isInteger(hrPatch) && hrPatch >= 1 && video.patch % hrPatch === 0 && Number.isInteger(Math.log2(video.patch / hrPatch)),
    `the HR branch's first stage (${hrPatch} px) must divide the patch size ${video.patch} by a power of 2`);
  requireConfig(memory.lrMerge === undefined || memory.lrMerge === 'mean' || memory.lrMerge === 'learned', `unknown LR merge '${String(memory.lrMerge)}'`);
  requireConfig(memory.gateInit === undefined || Number.isFinite(memory.gateInit), 'the memory gate must start at a finite value');
  const head = generator.pixelHead;
  requireConfig(head === undefined || (Number.isInteger(head) && head >= 1), `the pixel head needs a positive whole number of channels, got ${String(head)}`);
  requireConfig(generator.pixelGate !== true || head !== undefined, 'the pixel gate needs a pixel head');
  const eta = config.flow.sampleStochasticity;
  requireConfig(eta === undefined || (eta >= 0 && eta <= 1), `the sampler's stochasticity must be in [0, 1], got ${String(eta)}`);
  const skip = config.flow.skipDataStd;
  requireConfig(skip === undefined || (Number.isFinite(skip) && skip > 0), `the skip connection's data RMS must be positive, got ${String(skip)}`);
}
