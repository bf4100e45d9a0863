/**
 * The generator G: a DiT over the joint sequence
 *   [caption tokens | memory tokens | recent-window tokens | noisy target tokens]
 * with 3-D RoPE on every video and memory token (captions are not rotated), optionally fixed
 * (t, h, w) sinusoids added to them too (absolute-positions.ts), AdaLN-zero blocks modulated by
 * timestep embedding + pooled caption (optionally the t = 0 embedding on the clean context
 * tokens: caption, memory, window), and a final layer applied to the target tokens only. G predicts x0, the clean target patches (engine.md: decisive at this scale); the
 * flow module turns that into a velocity. It knows no noise schedule.
 * Layout: video [B, T, H, W, C] in [-1, 1]; tokens frame-major, then row-major per frame.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CaptionEncoding } from './caption-encoder';
import type { GeneratorConfig, VideoConfig } from './config';
import { absolutePositionTable, type AxisSpans } from './absolute-positions';
import { DitBlock, FinalLayer, TimestepEmbedder, type BlockConditioning } from './dit-block';
import { assertShape, ModelError } from './errors';
import { Linear, silu } from './layers';
import type { MemoryEncoding } from './memory/encoder';
import { Module, type ParamScope } from './params';
import { PatchConv3d } from './patch-conv';
import { PixelHead, type HeadWindow } from './pixel-head';
import { patchify, unpatchify } from './patchify';
import { ropeTables, type Position3, type RopeBases } from './rope';

/** Uncompressed recent frames [B, W, H, W, C] and their times (B rows of W). */
export interface WindowFrames {
  frames: tf.Tensor5D;
  times: number[][];
}

/** Everything G is conditioned on besides the noisy targets and t. */
export interface Conditioning {
  caption: CaptionEncoding;
  memory: MemoryEncoding;
  window: WindowFrames | null;
  /** Time index of each target frame, B rows of Tt (retrieval: their place in the history). */
  targetTimes: number[][];
  /**
   * Per sample: true where the target opens a new shot (a hard cut, or no history at all), false
   * where it continues the history's shot. Used only by a model with a shot embedding; absent, a
   * sample opens a shot exactly when it has neither memory nor window.
   */
  newShot?: readonly boolean[];
}

/**
 * Positions with time counted from each sample's first target frame. RoPE alone is relative
 * between rotated tokens, but caption tokens are not rotated, so without this a chunk late in a
 * long video attends to its caption through rotations training never produced; fixed sinusoids
 * need one origin too.
 */
function fromFirstTarget(positions: (Position3 | null)[][], targetTimes: readonly (readonly number[])[]): (Position3 | null)[][] {
  return positions.map((row, i) => {
    const origin = targetTimes[i]?.[0] ?? 0;
    return row.map((p): Position3 | null => (p === null ? null : [p[0] - origin, p[1], p[2]]));
  });
}

/**
 * The window shortcut's gate is this times a zero-initialised linear map of the modulation. Adam
 * moves a weight by about the learning rate per step (1e-4 when fine-tuning): unscaled, the gate
 * would need some 10,000 steps to open to 1; scaled, a few hundred.
 */
const SHORTCUT_GATE_SCALE = 50;

/** The last window frame [B, 1, H, W, C]; a gather, since wasm's Slice copies its input through JS. */
function lastFrame(window: WindowFrames): tf.Tensor5D {
  return tf.gather(window.frames, [window.frames.shape[1] - 1], 1) as tf.Tensor5D;
}

/** Segment order in the joint sequence; each has a learned type embedding row. */
const SEGMENTS = ['caption', 'memory', 'window', 'target'] as const;

/** The DiT generator, predicting clean target frames. */
export class Generator extends Module {
  /** Shared with the memory encoder's LR branch (paper.md). */
  readonly patchEmbed: PatchConv3d;
  private readonly typeEmbedding: tf.Variable;
  /** [2, D]: row 0 continues the history's shot, row 1 opens a new one (config.shotEmbedding). */
  private readonly shotEmbedding: tf.Variable | null;
  /** Embeds the last window frame onto the target tokens at the same place (config.windowInjection). */
  private readonly windowInjection: PatchConv3d | null;
  /** The last window frame's patches straight to the output, and its per-sample gate (config.windowShortcut). */
  private readonly windowShortcut: { map: Linear; gate: Linear } | null;
  /** Full-resolution convolutions correcting the patch-wise x0 (config.pixelHead). */
  private readonly pixelHead: PixelHead | null;
  private readonly timeEmbedder: TimestepEmbedder;
  private readonly blocks: DitBlock[];
  private readonly final: FinalLayer;
  private readonly gridRows: number;
  private readonly gridCols: number;
  readonly ropeBases: RopeBases;
  private readonly axisSpans: AxisSpans;

  /** `historyFrames`: the history the model is sized for, the time span absolute positions resolve. */
  constructor(scope: ParamScope, readonly video: VideoConfig, readonly config: GeneratorConfig, historyFrames: number) {
    super(scope);
    const { patch, channels } = video;
    const { width, depth, heads, mlpRatio } = config;
    this.gridRows = video.height / patch;
    this.gridCols = video.width / patch;
    this.ropeBases = { time: config.ropeTimeBase, space: config.ropeSpaceBase };
    this.axisSpans = [historyFrames + video.chunkFrames, this.gridRows, this.gridCols];
    this.patchEmbed = new PatchConv3d(scope.child('patchEmbed'), [1, patch, patch], channels, width);
    this.typeEmbedding = scope.variable('typeEmbedding', [SEGMENTS.length, width], { kind: 'normal', std: 0.02 });
    this.shotEmbedding = config.shotEmbedding === true ? scope.variable('shotEmbedding', [2, width], { kind: 'zeros' }) : null;
    // Zero at first: a model it is added to computes exactly what it did until trained.
    this.windowInjection = config.windowInjection === true
      ? new PatchConv3d(scope.child('windowInjection'), [1, patch, patch], channels, width, { init: 'zeros' }) : null;
    const patchValues = patch * patch * channels;
    const shortcutScope = scope.child('windowShortcut');
    this.windowShortcut = config.windowShortcut === true ? {
      map: new Linear(shortcutScope.child('map'), patchValues, patchValues, { init: 'identity', bias: false }),
      gate: new Linear(shortcutScope.child('gate'), width, 1, { init: 'zeros' }),
    } : null;
    this.pixelHead = config.pixelHead === undefined ? null : new PixelHead(scope.child('pixelHead'), channels, config.pixelHead, config.pixelGate === true);
    this.timeEmbedder = new TimestepEmbedder(scope.child('timeEmbedder'), width);
    const blockScope = scope.child('blocks');
    this.blocks = Array.from({ length: depth }, (_, i) => new DitBlock(blockScope.child(String(i)), width, heads, mlpRatio));
    this.final = new FinalLayer(scope.child('final'), width, patch * patch * channels);
  }

  /** Noisy targets x_t [B, Tt, H, W, C] at flow times t [B] -> predicted x0 [B, Tt, H, W, C]. */
  predictX0(xt: tf.Tensor5D, t: tf.Tensor1D, cond: Conditioning): tf.Tensor5D {
    const { height, width: frameWidth, channels, patch } = this.video;
    const d = this.config.width;
    const [b, frames] = assertShape(xt, [null, null, height, frameWidth, channels], 'generator x_t') as [number, number];
    assertShape(t, [b], 'generator t');
    const [, captionLength] = assertShape(cond.caption.tokens, [b, null, d], 'caption tokens') as [number, number];
    const memoryCount = cond.memory.positions.length;
    assertShape(cond.memory.tokens, [b, memoryCount, d], 'memory tokens');
    this.checkTimes(cond.targetTimes, b, frames, 'target times');
    if (cond.window !== null) {
      const [, w] = assertShape(cond.window.frames, [b, null, height, frameWidth, channels], 'window frames') as [number, number];
      this.checkTimes(cond.window.times, b, w, 'window times');
    }
    const perFrame = this.gridRows * this.gridCols;
    const targetCount = frames * perFrame;
    return tf.tidy(() => {
      const typed = (x: tf.Tensor, segment: number): tf.Tensor => tf.add(x, tf.slice(this.typeEmbedding, [segment, 0], [1, d]));
      const embed = (video: tf.Tensor5D): tf.Tensor => tf.reshape(this.patchEmbed.apply(video), [b, -1, d]); // [B, T*gh*gw, D]
      const parts: tf.Tensor[] = [typed(cond.caption.tokens, 0)];
      if (memoryCount > 0) parts.push(typed(cond.memory.tokens, 1));
      if (cond.window !== null) parts.push(typed(embed(cond.window.frames), 2));
      parts.push(this.injectWindow(typed(embed(xt), 3), cond.window, frames));
      const joined = tf.concat(parts, 1) as tf.Tensor3D; // [B, N, D]
      const tokens = joined.shape[1];
      const absolute = this.config.absolutePositions === true;
      const positions = absolute ? fromFirstTarget(this.positions(cond, captionLength), cond.targetTimes) : this.positions(cond, captionLength);
      const sequence = absolute ? tf.add(joined, absolutePositionTable(positions, d, this.axisSpans)) as tf.Tensor3D : joined;
      const rope = ropeTables(positions, d / this.config.heads, this.ropeBases);
      const keyBias = tf.concat([cond.caption.bias, tf.zeros([b, tokens - captionLength])], 1); // [B, N]
      const context = { rope, bias: tf.reshape(keyBias, [b, 1, 1, tokens]) as tf.Tensor4D }; // bias [B, 1, 1, N]
      const modulation = this.modulation(t, this.pooledWithShot(cond, b, memoryCount), tokens - targetCount, tokens);
      let h = sequence;
      for (const block of this.blocks) h = block.apply(h, modulation, context);
      const targets = tf.slice(h, [0, tokens - targetCount, 0], [b, targetCount, d]); // [B, Tt*gh*gw, D]
      const patches = this.final.apply(targets, modulation.target); // [B, Tt*gh*gw, p*p*C]
      const predicted = unpatchify(patches, patch, { frames, height, width: frameWidth, channels });
      const shortcut = this.addShortcut(predicted, cond, modulation.target);
      return this.pixelHead === null ? shortcut : this.pixelHead.apply(shortcut, xt, t, this.headWindow(cond, b));
    });
  }

  /** The last window frame and which samples continue their shot (Conditioning.newShot), for the pixel head. */
  private headWindow(cond: Conditioning, batch: number): HeadWindow | null {
    const { window } = cond;
    if (window === null) return null;
    return { frame: lastFrame(window), continues: this.continuing(cond, batch) };
  }

  /** Per sample, 1 where a chunk with a window continues its shot and 0 where it opens one (no flags: all continue). */
  private continuing(cond: Conditioning, batch: number): number[] {
    return (cond.newShot ?? Array.from({ length: batch }, () => false)).map((opens) => (opens ? 0 : 1));
  }

  /** Target tokens [B, Tt*g, D] plus, with window injection and a window, its last frame's embedding at each place. */
  private injectWindow(targets: tf.Tensor, window: WindowFrames | null, frames: number): tf.Tensor {
    if (this.windowInjection === null || window === null) return targets;
    const b = window.frames.shape[0];
    const d = this.config.width;
    const perFrame = this.gridRows * this.gridCols;
    const last = lastFrame(window);
    const embedded = tf.reshape(this.windowInjection.apply(last), [b, 1, perFrame, d]); // [B, 1, g, D]
    return tf.reshape(tf.add(tf.reshape(targets, [b, frames, perFrame, d]), embedded), [b, frames * perFrame, d]);
  }

  /**
   * x0 [B, Tt, H, W, C] plus, with the window shortcut and a window, gate x map(last window
   * frame's patches) on every frame of each sample that continues its shot. A chunk that opens a
   * shot gets none: the frame before a cut is another shot's, so copying it is wrong by
   * definition, and left to a learned gate alone the model shut it for every place-naming caption
   * (in training such a caption mostly follows a cut), blurring each shot's first seconds.
   */
  private addShortcut(predicted: tf.Tensor5D, cond: Conditioning, targetModulation: tf.Tensor2D): tf.Tensor5D {
    const { window } = cond;
    if (this.windowShortcut === null || window === null) return predicted;
    const [b, , height, width, channels] = window.frames.shape;
    const last = lastFrame(window);
    const mapped = this.windowShortcut.map.apply(patchify(last, this.video.patch)) as tf.Tensor3D; // [B, g, p*p*C]
    const frame = unpatchify(mapped, this.video.patch, { frames: 1, height, width, channels }); // [B, 1, H, W, C]
    // With a window, a sample opens a shot only where the flags say so.
    const continues = tf.tensor1d(this.continuing(cond, b));
    const gate = tf.mul(tf.mul(tf.reshape(this.windowShortcut.gate.apply(targetModulation), [b]), SHORTCUT_GATE_SCALE), continues); // [B]
    return tf.add(predicted, tf.mul(frame, tf.reshape(gate, [b, 1, 1, 1, 1]))) as tf.Tensor5D;
  }

  /** The pooled caption plus, with a shot embedding, each sample's row of it. */
  private pooledWithShot(cond: Conditioning, batch: number, memoryCount: number): tf.Tensor2D {
    if (this.shotEmbedding === null) return cond.caption.pooled;
    const opens = cond.newShot ?? Array.from({ length: batch }, () => memoryCount === 0 && cond.window === null);
    if (opens.length !== batch) throw new ModelError('invalid_input', `new-shot flags: expected ${batch}, got ${opens.length}`);
    const rows = tf.gather(this.shotEmbedding, tf.tensor1d(opens.map((o) => (o ? 1 : 0)), 'int32')); // [B, D]
    return tf.add(cond.caption.pooled, rows) as tf.Tensor2D;
  }

  /** silu(t-embedding + pooled caption) of the targets and, with clean context, of t = 0 for the first `contextTokens`. */
  private modulation(t: tf.Tensor1D, pooled: tf.Tensor2D, contextTokens: number, tokens: number): BlockConditioning {
    const target = silu(tf.add(this.timeEmbedder.apply(t), pooled)) as tf.Tensor2D; // [B, D]
    if (this.config.cleanContext !== true) return { target, context: null };
    const clean = silu(tf.add(this.timeEmbedder.apply(tf.zerosLike(t)), pooled)) as tf.Tensor2D; // [B, D]
    const mask = new Float32Array(tokens).fill(1, contextTokens);
    return { target, context: { conditioning: clean, targetMask: tf.tensor3d(mask, [1, tokens, 1]) } };
  }

  /** Per sample: caption rows unrotated, then memory, window and target positions. */
  private positions(cond: Conditioning, captionLength: number): (Position3 | null)[][] {
    const frameGrid = (time: number): Position3[] => {
      const out: Position3[] = [];
      for (let r = 0; r < this.gridRows; r++) for (let c = 0; c < this.gridCols; c++) out.push([time, r, c]);
      return out;
    };
    return cond.targetTimes.map((targetTimes, i) => [
      ...new Array<null>(captionLength).fill(null),
      ...cond.memory.positions,
      ...(cond.window?.times[i] ?? []).flatMap(frameGrid),
      ...targetTimes.flatMap(frameGrid),
    ]);
  }

  private checkTimes(times: readonly (readonly number[])[], batch: number, frames: number, what: string): void {
    if (times.length !== batch || times.some((row) => row.length !== frames)) {
      throw new ModelError('invalid_input', `${what}: expected ${batch} rows of ${frames}, got ${times.map((r) => r.length).join(', ')}`);
    }
  }
}
