/**
 * Thumbnail strips for the UI: N evenly spaced frames of a frame file, box-filtered down to a
 * given height and laid side by side in one PNG. Built from the decoded frame file rather than
 * the source video, so it needs no second ffmpeg pass and shows exactly what was imported.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { MediaError } from './errors';
import { FrameFileReader } from './frame-file';
import { encodePng } from './png';

/** Options of writeThumbnailStrip. */
export interface ThumbnailStripOptions {
  /** Frames in the strip (fewer when the file has fewer). */
  count: number;
  /** Height of each thumbnail in pixels; width keeps the aspect ratio. */
  height: number;
}

/** Size and content of a written strip. */
export interface ThumbnailStrip {
  out: string;
  width: number;
  height: number;
  /** Frame index shown by each thumbnail, left to right. */
  frames: number[];
}

/** Centre of each of `count` equal parts of `total` frames. */
export function evenlySpaced(total: number, count: number): number[] {
  const n = Math.min(total, count);
  return Array.from({ length: n }, (_, k) => Math.min(total - 1, Math.floor(((k + 0.5) * total) / n)));
}

/** Averages each output pixel over the source pixels it covers, into `out` at column `x0`. */
function boxScale(
  src: Uint8Array, sw: number, sh: number,
  out: Uint8Array, outStride: number, x0: number, tw: number, th: number,
): void {
  for (let y = 0; y < th; y += 1) {
    const ya = Math.floor((y * sh) / th);
    const yb = Math.max(ya + 1, Math.floor(((y + 1) * sh) / th));
    for (let x = 0; x < tw; x += 1) {
      const xa = Math.floor((x * sw) / tw);
      const xb = Math.max(xa + 1, Math.floor(((x + 1) * sw) / tw));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = ya; sy < yb; sy += 1) {
        for (let sx = xa; sx < xb; sx += 1) {
          const i = (sy * sw + sx) * 3;
          r += src[i] as number;
          g += src[i + 1] as number;
          b += src[i + 2] as number;
        }
      }
      const area = (yb - ya) * (xb - xa);
      const o = y * outStride + (x0 + x) * 3;
      out[o] = Math.round(r / area);
      out[o + 1] = Math.round(g / area);
      out[o + 2] = Math.round(b / area);
    }
  }
}

/** Writes a PNG strip of evenly spaced frames of `framesPath` to `out` (temp file, then rename). */
export async function writeThumbnailStrip(framesPath: string, out: string, options: ThumbnailStripOptions): Promise<ThumbnailStrip> {
  if (!(Number.isInteger(options.count) && options.count >= 1 && Number.isInteger(options.height) && options.height >= 1)) {
    throw new MediaError('invalid_argument', `invalid thumbnail strip ${options.count} x height ${options.height}`);
  }
  const reader = new FrameFileReader(framesPath);
  try {
    const { width: sw, height: sh, frameCount } = reader.info;
    if (frameCount === 0) throw new MediaError('invalid_argument', `${framesPath} has no frames`);
    const frames = evenlySpaced(frameCount, options.count);
    const th = Math.min(options.height, sh);
    const tw = Math.max(1, Math.round((th * sw) / sh));
    const stripWidth = tw * frames.length;
    const pixels = new Uint8Array(stripWidth * th * 3);
    const frame = new Uint8Array(reader.frameBytes);
    frames.forEach((index, k) => boxScale(reader.read(index, frame), sw, sh, pixels, stripWidth * 3, k * tw, tw, th));
    const temp = `${out}.partial`;
    try {
      await writeFile(temp, encodePng(pixels, stripWidth, th));
      await rename(temp, out);
    } finally {
      await rm(temp, { force: true });
    }
    return { out, width: stripWidth, height: th, frames };
  } finally {
    reader.close();
  }
}
