/**
 * Making small frames visible: nearest-neighbour upscale and contact-sheet tiling, used to look
 * at Storyworld frames as PNG (encoded by main/media/png.ts).
 */

/** Nearest-neighbour upscale by an integer factor. */
export function upscale(rgb: Uint8Array, width: number, height: number, factor: number): Uint8Array {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`scale must be a whole number >= 1, got ${factor}`);
  if (factor === 1) return rgb;
  const outWidth = width * factor;
  const out = new Uint8Array(outWidth * height * factor * 3);
  for (let y = 0; y < height * factor; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < outWidth; x++) {
      const s = (sy * width + Math.floor(x / factor)) * 3;
      const o = (y * outWidth + x) * 3;
      out[o] = rgb[s] as number;
      out[o + 1] = rgb[s + 1] as number;
      out[o + 2] = rgb[s + 2] as number;
    }
  }
  return out;
}

/** Tiles equally sized frames into a grid `columns` wide with a 1-pixel dark gap. */
export function contactSheet(frames: readonly Uint8Array[], width: number, height: number, columns: number): { rgb: Uint8Array; width: number; height: number } {
  const cols = Math.max(1, Math.min(columns, frames.length));
  const rows = Math.ceil(frames.length / cols);
  const sheetWidth = cols * (width + 1) - 1;
  const sheetHeight = rows * (height + 1) - 1;
  const rgb = new Uint8Array(sheetWidth * sheetHeight * 3).fill(16);
  frames.forEach((frame, i) => {
    const ox = (i % cols) * (width + 1);
    const oy = Math.floor(i / cols) * (height + 1);
    for (let y = 0; y < height; y++) rgb.set(frame.subarray(y * width * 3, (y + 1) * width * 3), ((oy + y) * sheetWidth + ox) * 3);
  });
  return { rgb, width: sheetWidth, height: sheetHeight };
}
