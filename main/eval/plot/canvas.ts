/**
 * A tiny RGB rasteriser for the evaluation's charts: filled rectangles, thick (optionally dashed)
 * lines, discs, and text in the 5x7 font, horizontal or rotated a quarter turn. Charts are drawn
 * here and written with main/media's PNG encoder, so no browser and no native module is needed.
 */
import { encodePng } from '../../media/png';
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font';

/** An RGB colour, 0-255 per channel. */
export type Colour = readonly [number, number, number];

/** How text is placed relative to (x, y). */
export interface TextOptions {
  scale?: number;
  /** 'start': x is the left edge; 'middle': the centre; 'end': the right edge. */
  align?: 'start' | 'middle' | 'end';
  /** Rotated a quarter turn counter-clockwise, reading bottom to top (y-axis titles). */
  vertical?: boolean;
}

/** An RGB image being drawn. */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(readonly width: number, readonly height: number, background: Colour = [255, 255, 255]) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Sets one pixel; points outside the canvas are ignored. */
  plot(x: number, y: number, colour: Colour): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    this.pixels.set(colour, (py * this.width + px) * 3);
  }

  fillRect(x: number, y: number, width: number, height: number, colour: Colour): void {
    for (let py = Math.max(0, Math.round(y)); py < Math.min(this.height, Math.round(y + height)); py++) {
      for (let px = Math.max(0, Math.round(x)); px < Math.min(this.width, Math.round(x + width)); px++) this.pixels.set(colour, (py * this.width + px) * 3);
    }
  }

  /** A line `thickness` pixels wide; with `dash`, drawn `dash` pixels on, `dash` off. */
  line(x0: number, y0: number, x1: number, y1: number, colour: Colour, thickness = 1, dash = 0): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length));
    const half = (thickness - 1) / 2;
    for (let i = 0; i <= steps; i++) {
      if (dash > 0 && Math.floor(i / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      this.fillRect(x - half, y - half, thickness, thickness, colour);
    }
  }

  /** A filled disc of `radius` pixels around (cx, cy). */
  disc(cx: number, cy: number, radius: number, colour: Colour): void {
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) if (dx * dx + dy * dy <= radius * radius + radius) this.plot(cx + dx, cy + dy, colour);
    }
  }

  /** Draws `text` with its top edge at y (its left edge at x for vertical text). */
  text(x: number, y: number, text: string, colour: Colour, options: TextOptions = {}): void {
    const scale = options.scale ?? 1;
    const span = textWidth(text) * scale;
    const shift = options.align === 'middle' ? span / 2 : options.align === 'end' ? span : 0;
    [...text].forEach((ch, i) => {
      glyph(ch).forEach((row, gy) => {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (!(row & (1 << (GLYPH_WIDTH - 1 - gx)))) continue;
          const along = (i * ADVANCE + gx) * scale;
          const across = gy * scale;
          if (options.vertical) this.fillRect(x + across, y + shift - along - scale, scale, scale, colour);
          else this.fillRect(x - shift + along, y + across, scale, scale, colour);
        }
      });
    });
  }

  /** Height of one text line at `scale`. */
  static lineHeight(scale = 1): number {
    return GLYPH_HEIGHT * scale;
  }

  /** The image as PNG bytes. */
  png(): Buffer {
    return encodePng(this.pixels, this.width, this.height);
  }
}
