import { describe, expect, it } from 'vitest';
import { circle, forEachSpan, Raster, triangle, type Shape } from '../../main/data/raster';

function covered(shape: Shape, size = 64): number {
  let n = 0;
  forEachSpan(shape, size, size, (_y, x0, x1) => (n += x1 - x0));
  return n;
}

describe('raster', () => {
  it('covers about the area of each shape, clipped to the image', () => {
    expect(covered({ kind: 'rect', x: 2, y: 3, w: 10, h: 5 })).toBe(50);
    expect(Math.abs(covered(circle(32, 32, 10)) - Math.PI * 100)).toBeLessThan(15);
    expect(Math.abs(covered(triangle(10, 10, 50, 10, 10, 50)) - 800)).toBeLessThan(45);
    // Shapes partly outside the image are clipped.
    expect(covered(circle(0, 0, 10))).toBeLessThan(Math.PI * 100 / 4 + 10);
    expect(covered({ kind: 'rect', x: -5, y: -5, w: 200, h: 200 })).toBe(64 * 64);
  });

  it('paints exact colours, per pixel for patterns, and nothing outside the shape', () => {
    const r = new Raster(16, 16);
    r.fill({ kind: 'rect', x: 4, y: 4, w: 8, h: 8 }, (x) => (x % 2 === 0 ? 0xff0000 : 0x00ff00));
    const at = (x: number, y: number) => Array.from(r.data.subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3));
    expect(at(4, 4)).toEqual([255, 0, 0]);
    expect(at(5, 4)).toEqual([0, 255, 0]);
    expect(at(3, 4)).toEqual([0, 0, 0]);
    expect(at(12, 12)).toEqual([0, 0, 0]);
    r.verticalGradient(0, 16, 0x000000, 0x0000ff);
    expect(at(0, 0)).toEqual([0, 0, 0]);
    expect(at(0, 15)).toEqual([0, 0, 255]);
  });
});
