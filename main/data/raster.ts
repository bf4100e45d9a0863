/**
 * A tiny rasteriser for Storyworld: filled shapes into an RGB uint8 buffer (row-major, HWC).
 * A pixel is covered when its centre (x + 0.5, y + 0.5) lies inside a shape, with no
 * anti-aliasing, so every drawn colour is exact: ground truth can test pixels by colour and
 * fine patterns stay sharp (high-frequency detail is what the memory has to keep).
 * Shapes are turned into horizontal spans once; the same spans paint a frame or build a sprite.
 */

/** A colour packed as 0xRRGGBB. */
export type Rgb = number;

/** Packs three 0-255 channels. */
export function rgb(r: number, g: number, b: number): Rgb {
  return ((clampByte(r) << 16) | (clampByte(g) << 8) | clampByte(b)) >>> 0;
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Linear blend of two colours, `t` = 0 gives `a`. */
export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  const ch = (c: Rgb, s: number) => (c >>> s) & 255;
  return rgb(
    ch(a, 16) + (ch(b, 16) - ch(a, 16)) * t,
    ch(a, 8) + (ch(b, 8) - ch(a, 8)) * t,
    ch(a, 0) + (ch(b, 0) - ch(a, 0)) * t,
  );
}

/** Perceived brightness in [0, 255] (Rec. 601 weights). */
export function luma(c: Rgb): number {
  return 0.299 * ((c >>> 16) & 255) + 0.587 * ((c >>> 8) & 255) + 0.114 * (c & 255);
}

/** A shape in pixel coordinates (fractions allowed). */
export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number }
  /** Flat list x0, y0, x1, y1, ...; filled with the even-odd rule. */
  | { kind: 'polygon'; points: readonly number[] };

/** A circle as an ellipse with equal radii. */
export const circle = (cx: number, cy: number, r: number): Shape => ({ kind: 'ellipse', cx, cy, rx: r, ry: r });

/** A triangle from its three corners. */
export const triangle = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape => ({
  kind: 'polygon',
  points: [ax, ay, bx, by, cx, cy],
});

/** Calls `span(y, x0, x1)` for each row of pixels covered by `shape`, x1 exclusive, clipped to
 * a width x height area. */
export function forEachSpan(shape: Shape, width: number, height: number, span: (y: number, x0: number, x1: number) => void): void {
  switch (shape.kind) {
    case 'rect': {
      const x0 = Math.max(0, Math.round(shape.x));
      const x1 = Math.min(width, Math.round(shape.x + shape.w));
      const y0 = Math.max(0, Math.round(shape.y));
      const y1 = Math.min(height, Math.round(shape.y + shape.h));
      if (x1 > x0) for (let y = y0; y < y1; y++) span(y, x0, x1);
      return;
    }
    case 'ellipse': {
      const { cx, cy, rx, ry } = shape;
      if (rx <= 0 || ry <= 0) return;
      const y0 = Math.max(0, Math.floor(cy - ry));
      const y1 = Math.min(height - 1, Math.ceil(cy + ry));
      for (let y = y0; y <= y1; y++) {
        const dy = (y + 0.5 - cy) / ry;
        if (dy * dy > 1) continue;
        const half = rx * Math.sqrt(1 - dy * dy);
        // Pixel x is covered when |x + 0.5 - cx| <= half.
        const x0 = Math.max(0, Math.ceil(cx - half - 0.5));
        const x1 = Math.min(width, Math.floor(cx + half - 0.5) + 1);
        if (x1 > x0) span(y, x0, x1);
      }
      return;
    }
    case 'polygon':
      polygonSpans(shape.points, width, height, span);
      return;
    default: {
      const never: never = shape;
      throw new Error(`unknown shape ${JSON.stringify(never)}`);
    }
  }
}

function polygonSpans(points: readonly number[], width: number, height: number, span: (y: number, x0: number, x1: number) => void): void {
  const n = points.length / 2;
  if (n < 3) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 1; i < points.length; i += 2) {
    minY = Math.min(minY, points[i] as number);
    maxY = Math.max(maxY, points[i] as number);
  }
  const crossings: number[] = [];
  const yStart = Math.max(0, Math.floor(minY));
  const yEnd = Math.min(height - 1, Math.ceil(maxY));
  for (let y = yStart; y <= yEnd; y++) {
    const sy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = points[2 * i] as number;
      const yi = points[2 * i + 1] as number;
      const xj = points[2 * j] as number;
      const yj = points[2 * j + 1] as number;
      // Half-open edge test so a vertex exactly on the scanline is counted once.
      if (yi <= sy !== yj <= sy) crossings.push(xi + ((sy - yi) / (yj - yi)) * (xj - xi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const x0 = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
      const x1 = Math.min(width, Math.floor((crossings[k + 1] as number) - 0.5) + 1);
      if (x1 > x0) span(y, x0, x1);
    }
  }
}

/** How a shape is filled: one colour, or a colour per pixel (for clothing patterns). */
export type Paint = Rgb | ((x: number, y: number) => Rgb);

/** An RGB uint8 image, width * height * 3 bytes, row-major. */
export class Raster {
  readonly data: Uint8Array;

  constructor(readonly width: number, readonly height: number, data?: Uint8Array) {
    if (data && data.length !== width * height * 3) throw new RangeError(`raster buffer has ${data.length} bytes, expected ${width * height * 3}`);
    this.data = data ?? new Uint8Array(width * height * 3);
  }

  /** Sets one pixel; outside the image it does nothing. */
  plot(x: number, y: number, color: Rgb): void {
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const o = (py * this.width + px) * 3;
    this.data[o] = (color >>> 16) & 255;
    this.data[o + 1] = (color >>> 8) & 255;
    this.data[o + 2] = color & 255;
  }

  /** Fills a shape. */
  fill(shape: Shape, paint: Paint): void {
    const data = this.data;
    const width = this.width;
    forEachSpan(shape, this.width, this.height, (y, x0, x1) => {
      for (let x = x0; x < x1; x++) {
        const c = typeof paint === 'number' ? paint : paint(x, y);
        const o = (y * width + x) * 3;
        data[o] = (c >>> 16) & 255;
        data[o + 1] = (c >>> 8) & 255;
        data[o + 2] = c & 255;
      }
    });
  }

  /** Fills rows y0..y1 (exclusive) with a vertical gradient from `top` to `bottom`. */
  verticalGradient(y0: number, y1: number, top: Rgb, bottom: Rgb): void {
    const from = Math.max(0, Math.round(y0));
    const to = Math.min(this.height, Math.round(y1));
    const span = Math.max(1, to - from - 1);
    for (let y = from; y < to; y++) {
      this.fill({ kind: 'rect', x: 0, y, w: this.width, h: 1 }, mixRgb(top, bottom, (y - from) / span));
    }
  }

  /** Copies another raster of the same size into this one. */
  copyFrom(other: Raster): void {
    if (other.width !== this.width || other.height !== this.height) throw new RangeError('rasters differ in size');
    this.data.set(other.data);
  }
}
