/**
 * The memory encoder phi behind one interface, and its variants (paper.md Table 1):
 * - `pfp`: LR + HR branches summed (the proposed encoder),
 * - `only-lr`, `without-lr`: one branch alone,
 * - `large-patchifier`: one linear patch embedding with kernel (t, p*h, p*w), FramePack-like,
 * - `none`: no memory tokens (the generator then sees only its recent-frame window).
 * Every variant outputs [B, M, D] in the generator's width times a learned scalar gate that
 * starts at 0, so a pretrained generator starts unchanged when memory is attached (or at the
 * config's gateInit, 1 when generator and memory train from scratch together).
 * Layout: history [B, T, H, W, C] in [-1, 1]; positions [M, 3] on the generator's token grid.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryConfig, MemoryVariant, VideoConfig } from '../config';
import { assertShape, ModelError } from '../errors';
import { Module, type ParamScope } from '../params';
import { PatchConv3d } from '../patch-conv';
import type { Position3, RopeBases } from '../rope';
import { memoryGrid, memoryPositions, type MemoryGrid, type TokenGridShape } from './grid';
import { padHistory } from './pad-history';
import { HrBranch, LrBranch } from './hr-branch';

/** Encoded memory: tokens [B, M, D] and one (t, h, w) position per token. */
export interface MemoryEncoding {
  tokens: tf.Tensor3D;
  positions: Position3[];
}

/** phi: history -> memory tokens. */
export interface MemoryEncoder {
  readonly variant: MemoryVariant;
  /** history [B, T, H, W, C]; historyTimes: the time index of each of the T frames. */
  encode(history: tf.Tensor5D, historyTimes: readonly number[]): MemoryEncoding;
  /** Memory tokens for a history of this many frames. */
  tokenCount(historyFrames: number): number;
  params(): Map<string, tf.Variable>;
  dispose(): void;
}

/** What every variant needs to know; `patchEmbed` is the generator's own (shared, not owned). */
export interface MemorySetup {
  video: VideoConfig;
  memory: MemoryConfig;
  modelWidth: number;
  rope: RopeBases;
  patchEmbed: PatchConv3d;
}

/** Asserts history [B, T, H, W, C] with T times; returns [B, T]. */
function checkHistory(history: tf.Tensor5D, historyTimes: readonly number[], video: VideoConfig, variant: MemoryVariant): [number, number] {
  const { height, width, channels } = video;
  const [b, t] = assertShape(history, [null, null, height, width, channels], `${variant} memory history`) as [number, number];
  if (historyTimes.length !== t) {
    throw new ModelError('invalid_input', `memory history has ${t} frames but ${historyTimes.length} times`);
  }
  return [b, t];
}

/** Shared geometry, padding and gate of the variants that produce tokens. */
abstract class GatedEncoder extends Module implements MemoryEncoder {
  private readonly gate: tf.Variable;
  protected readonly tokenGrid: TokenGridShape;

  constructor(scope: ParamScope, readonly variant: MemoryVariant, protected readonly setup: MemorySetup) {
    super(scope);
    this.gate = scope.variable('gate', [], { kind: 'constant', value: setup.memory.gateInit ?? 0 });
    const { width, height, patch } = setup.video;
    this.tokenGrid = { gridRows: height / patch, gridCols: width / patch, patch };
  }

  encode(history: tf.Tensor5D, historyTimes: readonly number[]): MemoryEncoding {
    const [b, t] = checkHistory(history, historyTimes, this.setup.video, this.variant);
    if (t === 0) return { tokens: tf.zeros([b, 0, this.setup.modelWidth]), positions: [] };
    const grid = memoryGrid(this.setup.memory.compression, this.tokenGrid, t);
    const positions = memoryPositions(grid, this.tokenGrid, historyTimes);
    const tokens = tf.tidy(() => tf.mul(this.compress(padHistory(history, grid), grid, positions), this.gate) as tf.Tensor3D);
    assertShape(tokens, [b, positions.length, this.setup.modelWidth], `${this.variant} memory tokens`);
    return { tokens, positions };
  }

  tokenCount(historyFrames: number): number {
    if (historyFrames === 0) return 0;
    const grid = memoryGrid(this.setup.memory.compression, this.tokenGrid, historyFrames);
    return grid.frames * grid.rows * grid.cols;
  }

  /** Padded history [B, T', H', W', C] -> ungated tokens [B, M, D]. */
  protected abstract compress(padded: tf.Tensor5D, grid: MemoryGrid, positions: readonly Position3[]): tf.Tensor3D;
}

/** `pfp`, `only-lr` and `without-lr`: the sum of the branches present. */
class BranchEncoder extends GatedEncoder {
  private readonly hr: HrBranch | null;
  private readonly lr: LrBranch | null;

  constructor(scope: ParamScope, variant: 'pfp' | 'only-lr' | 'without-lr', setup: MemorySetup) {
    super(scope, variant, setup);
    const { video, memory, modelWidth, rope } = setup;
    const grid = memoryGrid(memory.compression, this.tokenGrid, 1);
    this.lr = variant === 'without-lr' ? null : new LrBranch(scope.child('lr'), setup.patchEmbed, grid.box.t, memory.lrMerge ?? 'mean');
    this.hr = variant === 'only-lr' ? null : new HrBranch(scope.child('hr'), {
      patch: video.patch, firstPatch: memory.hrPatch ?? video.patch, channels: video.channels, box: grid.box,
      hrChannels: memory.hrChannels, heads: memory.hrHeads, modelWidth, rope,
    });
  }

  protected compress(padded: tf.Tensor5D, grid: MemoryGrid, positions: readonly Position3[]): tf.Tensor3D {
    return tf.tidy(() => {
      const parts: tf.Tensor3D[] = [];
      if (this.lr !== null) parts.push(this.lr.apply(padded, grid));
      if (this.hr !== null) parts.push(this.hr.apply(padded, grid, positions));
      return tf.addN(parts);
    });
  }
}

/** `large-patchifier`: one PatchConv3d with kernel (t, p*h, p*w) straight to D. */
class LargePatchifierEncoder extends GatedEncoder {
  private readonly patchifier: PatchConv3d;

  constructor(scope: ParamScope, setup: MemorySetup) {
    super(scope, 'large-patchifier', setup);
    const { video, memory, modelWidth } = setup;
    const { box } = memoryGrid(memory.compression, this.tokenGrid, 1);
    this.patchifier = new PatchConv3d(scope.child('patchifier'), [box.t, video.patch * box.h, video.patch * box.w], video.channels, modelWidth);
  }

  protected compress(padded: tf.Tensor5D, grid: MemoryGrid): tf.Tensor3D {
    return tf.tidy(() => {
      const [b] = padded.shape;
      const m = grid.frames * grid.rows * grid.cols;
      return tf.reshape(this.patchifier.apply(padded), [b, m, this.setup.modelWidth]) as tf.Tensor3D; // [B, M, D]
    });
  }
}

/** `none`: no memory tokens at all. */
class NoMemoryEncoder extends Module implements MemoryEncoder {
  readonly variant: MemoryVariant = 'none';

  constructor(scope: ParamScope, private readonly setup: MemorySetup) {
    super(scope);
  }

  encode(history: tf.Tensor5D, historyTimes: readonly number[]): MemoryEncoding {
    const [b] = checkHistory(history, historyTimes, this.setup.video, this.variant);
    return { tokens: tf.zeros([b, 0, this.setup.modelWidth]), positions: [] };
  }

  tokenCount(): number {
    return 0;
  }
}

/** Builds the variant named in `setup.memory.variant`. */
export function createMemoryEncoder(scope: ParamScope, setup: MemorySetup): MemoryEncoder {
  const variant = setup.memory.variant;
  switch (variant) {
    case 'pfp':
    case 'only-lr':
    case 'without-lr':
      return new BranchEncoder(scope, variant, setup);
    case 'large-patchifier': return new LargePatchifierEncoder(scope, setup);
    case 'none': return new NoMemoryEncoder(scope, setup);
  }
}
