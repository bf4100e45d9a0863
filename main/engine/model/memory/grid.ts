/**
 * Memory-token geometry: how many memory tokens a history gives, which (t, h, w) box of the
 * generator's token grid each covers, and the edge padding that makes a history split into whole
 * boxes. Memory token (i, a, b) covers token-frames [i*t, (i+1)*t), rows [a*h, (a+1)*h) and
 * columns [b*w, (b+1)*w); its position is the box centre, with time taken from the real history
 * times of its frames, so it lines up with target tokens at those times. Plain arithmetic, no
 * tensors: cost estimates in the app's server process use it without loading tfjs
 * (pad-history.ts does the padding).
 */
import { compressionBox, type CompressionName } from '../config';
import type { Box3 } from '../patchify';
import type { Position3 } from '../rope';

/** Inputs of the memory-budget count the UI shows (paper.md's formula). */
export interface MemoryBudgetInput {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  /** Pixels per generator token along each side (VAE factor x patch; pixel space: the patch). */
  pixelsPerToken: number;
  /** Frames per token-frame (a video VAE's temporal factor; pixel space: 1). */
  temporalCompression: number;
}

/**
 * paper.md's count: (grid_h / h) * (grid_w / w) * (token_frames / t), rounded; 5,850 for 20 s of
 * 832x480 at 24 fps, 16 px per token, 4x temporal, 4x4x2. It is the budget as a ratio of the
 * generator's tokens; when an axis does not divide into whole boxes the encoder pads it up
 * (memoryGrid), so its real count can be slightly higher.
 */
export function memoryTokens(preset: CompressionName, input: MemoryBudgetInput): number {
  const box = compressionBox(preset);
  const tokenFrames = (input.fps * input.seconds) / input.temporalCompression;
  const rows = input.height / input.pixelsPerToken;
  const cols = input.width / input.pixelsPerToken;
  return Math.round((rows / box.h) * (cols / box.w) * (tokenFrames / box.t));
}

/** The memory grid of a history: boxes per axis and the padded history size it needs. */
export interface MemoryGrid {
  frames: number;
  rows: number;
  cols: number;
  /** Box size (t, h, w) in generator tokens. */
  box: { t: number; h: number; w: number };
  /** History size after edge padding: frames, pixel height, pixel width. */
  padded: { frames: number; height: number; width: number };
}

/** Token-grid geometry of the generator. */
export interface TokenGridShape {
  /** Generator grid rows and columns (H/p, W/p). */
  gridRows: number;
  gridCols: number;
  patch: number;
}

/** The grid the encoder produces for `historyFrames` frames (each axis rounded up to whole boxes). */
export function memoryGrid(preset: CompressionName, grid: TokenGridShape, historyFrames: number): MemoryGrid {
  const box = compressionBox(preset);
  const frames = Math.ceil(historyFrames / box.t);
  const rows = Math.ceil(grid.gridRows / box.h);
  const cols = Math.ceil(grid.gridCols / box.w);
  return {
    frames, rows, cols, box,
    padded: { frames: frames * box.t, height: rows * box.h * grid.patch, width: cols * box.w * grid.patch },
  };
}

/** Box-centre positions of every memory token, frame-major then row-major ([M, 3]). */
export function memoryPositions(grid: MemoryGrid, tokenGrid: TokenGridShape, historyTimes: readonly number[]): Position3[] {
  const { box } = grid;
  const centre = (index: number, size: number, limit: number): number => (index * size + Math.min((index + 1) * size, limit) - 1) / 2;
  const out: Position3[] = [];
  for (let i = 0; i < grid.frames; i++) {
    const times = historyTimes.slice(i * box.t, (i + 1) * box.t);
    const t = times.reduce((sum, x) => sum + x, 0) / times.length;
    for (let a = 0; a < grid.rows; a++) {
      for (let b = 0; b < grid.cols; b++) out.push([t, centre(a, box.h, tokenGrid.gridRows), centre(b, box.w, tokenGrid.gridCols)]);
    }
  }
  return out;
}

/** The stage kernels after the (1, p, p) patch stage: 2x merges per axis until the box is reached. */
export function mergeStages(box: { t: number; h: number; w: number }): Box3[] {
  const stages: Box3[] = [];
  let remaining: [number, number, number] = [box.t, box.h, box.w];
  while (remaining.some((r) => r > 1)) {
    const step = remaining.map((r) => (r === 1 ? 1 : r % 2 === 0 ? 2 : r)) as [number, number, number];
    stages.push(step);
    remaining = remaining.map((r, i) => r / step[i]!) as [number, number, number];
  }
  return stages;
}
