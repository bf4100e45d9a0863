/**
 * Scenery props for Storyworld places. Props are described in frame fractions (x of the width,
 * y and sizes of the height) so one layout draws at any resolution and aspect ratio; painting a
 * prop is a switch over this union.
 */
import { circle, mixRgb, rgb, triangle, type Raster, type Rgb } from '../raster';

/** One piece of scenery. `base` is the ground line it stands on. */
export type Prop =
  | { kind: 'band'; y0: number; y1: number; top: Rgb; bottom: Rgb }
  | { kind: 'dashes'; y: number; h: number; colour: Rgb; period: number }
  | { kind: 'hill'; x: number; y: number; rx: number; ry: number; colour: Rgb }
  | { kind: 'mountain'; x: number; base: number; width: number; height: number; colour: Rgb; cap: boolean }
  | { kind: 'sun'; x: number; y: number; r: number; colour: Rgb }
  | { kind: 'moon'; x: number; y: number; r: number; sky: Rgb }
  | { kind: 'star'; x: number; y: number }
  | { kind: 'pine'; x: number; base: number; height: number; colour: Rgb; snow: boolean }
  | { kind: 'tree'; x: number; base: number; height: number; colour: Rgb }
  | { kind: 'bush'; x: number; base: number; size: number; colour: Rgb }
  | { kind: 'palm'; x: number; base: number; height: number; lean: number }
  | { kind: 'house'; x: number; base: number; width: number; height: number; wall: Rgb; roof: Rgb; window: Rgb }
  | { kind: 'cactus'; x: number; base: number; height: number }
  | { kind: 'rock'; x: number; base: number; size: number; colour: Rgb }
  | { kind: 'snowman'; x: number; base: number; height: number }
  | { kind: 'umbrella'; x: number; base: number; height: number; colour: Rgb }
  | { kind: 'lamp'; x: number; base: number; height: number; pool: Rgb }
  | { kind: 'flower'; x: number; y: number; colour: Rgb }
  | { kind: 'fence'; base: number; height: number; colour: Rgb };

const TRUNK = rgb(110, 72, 40);
const SNOW = rgb(244, 248, 255);

/** Paints one prop onto a raster of any size. */
export function paintProp(r: Raster, prop: Prop): void {
  const W = r.width;
  const H = r.height;
  const px = (fx: number) => fx * W;
  const py = (fy: number) => fy * H;
  const unit = Math.max(1, H / 64);
  // Where a prop that stands on the ground is: its centre, its ground line and its height.
  const stand = (p: { x: number; base: number; height: number }) => ({ x: px(p.x), b: py(p.base), h: py(p.height) });
  switch (prop.kind) {
    case 'band':
      r.verticalGradient(py(prop.y0), py(prop.y1), prop.top, prop.bottom);
      return;
    case 'dashes': {
      const period = px(prop.period);
      for (let x = 0; x < W; x += period) r.fill({ kind: 'rect', x, y: py(prop.y), w: period / 2, h: Math.max(1, py(prop.h)) }, prop.colour);
      return;
    }
    case 'hill':
      r.fill({ kind: 'ellipse', cx: px(prop.x), cy: py(prop.y), rx: px(prop.rx), ry: py(prop.ry) }, prop.colour);
      return;
    case 'mountain': {
      const x = px(prop.x);
      const b = py(prop.base);
      const half = px(prop.width) / 2;
      const top = b - py(prop.height);
      r.fill(triangle(x, top, x + half, b, x - half, b), prop.colour);
      if (prop.cap) {
        const f = 0.3;
        r.fill(triangle(x, top, x + half * f, top + (b - top) * f, x - half * f, top + (b - top) * f), SNOW);
      }
      return;
    }
    case 'sun':
      r.fill(circle(px(prop.x), py(prop.y), py(prop.r)), prop.colour);
      return;
    case 'moon': {
      const x = px(prop.x);
      const y = py(prop.y);
      r.fill(circle(x, y, py(prop.r)), rgb(244, 238, 196));
      // The sky-coloured bite makes a crescent.
      r.fill(circle(x + py(prop.r) * 0.55, y - py(prop.r) * 0.25, py(prop.r) * 0.85), prop.sky);
      return;
    }
    case 'star':
      r.plot(px(prop.x), py(prop.y), rgb(250, 250, 220));
      return;
    case 'pine': {
      const { x, b, h } = stand(prop);
      r.fill({ kind: 'rect', x: x - h * 0.05, y: b - h * 0.18, w: Math.max(1, h * 0.1), h: h * 0.18 }, TRUNK);
      for (let i = 0; i < 3; i++) {
        const tierBase = b - h * (0.15 + i * 0.25);
        const tierTop = tierBase - h * 0.4;
        const half = h * (0.32 - i * 0.07);
        r.fill(triangle(x, tierTop, x + half, tierBase, x - half, tierBase), mixRgb(prop.colour, 0, i * 0.08));
        if (prop.snow) r.fill(triangle(x, tierTop, x + half * 0.4, tierTop + h * 0.16, x - half * 0.4, tierTop + h * 0.16), SNOW);
      }
      return;
    }
    case 'tree': {
      const { x, b, h } = stand(prop);
      r.fill({ kind: 'rect', x: x - h * 0.06, y: b - h * 0.5, w: Math.max(1, h * 0.12), h: h * 0.5 }, TRUNK);
      r.fill(circle(x - h * 0.14, b - h * 0.58, h * 0.22), mixRgb(prop.colour, 0, 0.15));
      r.fill(circle(x + h * 0.14, b - h * 0.6, h * 0.22), prop.colour);
      r.fill(circle(x, b - h * 0.76, h * 0.24), mixRgb(prop.colour, 0xffffff, 0.12));
      return;
    }
    case 'bush':
    case 'rock':
      r.fill({ kind: 'ellipse', cx: px(prop.x), cy: py(prop.base), rx: py(prop.size), ry: py(prop.size) * 0.6 }, prop.colour);
      return;
    case 'palm': {
      const b = py(prop.base);
      const h = py(prop.height);
      const steps = 8;
      for (let i = 0; i < steps; i++) {
        const f = i / steps;
        const x = px(prop.x) + prop.lean * h * f * f;
        r.fill({ kind: 'rect', x: x - h * 0.035, y: b - h * (f + 1 / steps), w: Math.max(1, h * 0.07), h: h / steps + 1 }, TRUNK);
      }
      const tx = px(prop.x) + prop.lean * h;
      const ty = b - h;
      for (const [dx, dy] of [[-1, 0.35], [1, 0.35], [-0.6, -0.25], [0.6, -0.25], [0, 0.5]] as const) {
        r.fill(triangle(tx, ty - h * 0.04, tx + dx * h * 0.42, ty + dy * h * 0.3, tx + dx * h * 0.2, ty + dy * h * 0.3 + h * 0.08), rgb(40, 140, 50));
      }
      return;
    }
    case 'house': {
      const x = px(prop.x);
      const b = py(prop.base);
      const w = px(prop.width);
      const h = py(prop.height);
      r.fill({ kind: 'rect', x: x - w / 2, y: b - h, w, h }, prop.wall);
      r.fill(triangle(x, b - h * 1.45, x + w * 0.58, b - h, x - w * 0.58, b - h), prop.roof);
      const win = Math.max(2, h * 0.18);
      for (const fx of [-0.28, 0.28]) r.fill({ kind: 'rect', x: x + fx * w - win / 2, y: b - h * 0.8, w: win, h: win }, prop.window);
      r.fill({ kind: 'rect', x: x - w * 0.1, y: b - h * 0.45, w: Math.max(2, w * 0.2), h: h * 0.45 }, mixRgb(prop.roof, 0, 0.3));
      return;
    }
    case 'cactus': {
      const { x, b, h } = stand(prop);
      const green = rgb(56, 140, 72);
      const t = Math.max(2, h * 0.16);
      r.fill({ kind: 'rect', x: x - t / 2, y: b - h, w: t, h }, green);
      r.fill({ kind: 'rect', x: x - t * 1.8, y: b - h * 0.65, w: t * 0.8, h: h * 0.3 }, green);
      r.fill({ kind: 'rect', x: x - t * 1.8, y: b - h * 0.4, w: t * 1.6, h: t * 0.7 }, green);
      r.fill({ kind: 'rect', x: x + t, y: b - h * 0.8, w: t * 0.8, h: h * 0.35 }, green);
      r.fill({ kind: 'rect', x: x, y: b - h * 0.5, w: t * 1.6, h: t * 0.7 }, green);
      return;
    }
    case 'snowman': {
      const { x, b, h } = stand(prop);
      const body = rgb(226, 232, 240);
      r.fill(circle(x, b - h * 0.22, h * 0.22), body);
      r.fill(circle(x, b - h * 0.58, h * 0.16), body);
      r.fill({ kind: 'rect', x: x - h * 0.1, y: b - h * 0.98, w: h * 0.2, h: h * 0.2 }, rgb(30, 30, 30));
      r.fill({ kind: 'rect', x, y: b - h * 0.6, w: Math.max(2, h * 0.14), h: Math.max(1, unit) }, rgb(240, 130, 30));
      return;
    }
    case 'umbrella': {
      const { x, b, h } = stand(prop);
      r.fill({ kind: 'rect', x: x - unit / 2, y: b - h, w: unit, h }, rgb(90, 90, 90));
      r.fill(triangle(x, b - h * 1.2, x + h * 0.55, b - h * 0.85, x - h * 0.55, b - h * 0.85), prop.colour);
      return;
    }
    case 'lamp': {
      const { x, b, h } = stand(prop);
      r.fill({ kind: 'ellipse', cx: x, cy: b, rx: h * 0.45, ry: h * 0.12 }, prop.pool);
      r.fill({ kind: 'rect', x: x - unit / 2, y: b - h, w: unit, h }, rgb(50, 50, 60));
      r.fill(circle(x, b - h, Math.max(1.5, h * 0.1)), rgb(255, 226, 120));
      return;
    }
    case 'flower':
      r.fill({ kind: 'rect', x: px(prop.x), y: py(prop.y), w: unit, h: unit }, prop.colour);
      return;
    case 'fence': {
      const b = py(prop.base);
      const h = py(prop.height);
      r.fill({ kind: 'rect', x: 0, y: b - h * 0.75, w: W, h: Math.max(1, unit) }, prop.colour);
      for (let x = unit; x < W; x += 6 * unit) r.fill({ kind: 'rect', x, y: b - h, w: unit, h }, prop.colour);
      return;
    }
    default: {
      const never: never = prop;
      throw new Error(`unknown prop ${JSON.stringify(never)}`);
    }
  }
}
