/**
 * Drawing a Storyworld character: a patterned, outlined body with eyes (built once per character
 * as a sprite, so clothing moves with the body) and two legs posed per frame (standing, striding,
 * tucked in a jump). The drawn pixel box is returned as ground truth.
 */
import { forEachSpan, type Raster, type Rgb, type Shape } from '../raster';
import { COLOURS, OUTLINE, patternInk, type CharacterLook, type CharacterPattern, type CharacterShape } from './identity';

/** A pixel rectangle, x and y of the top-left pixel, inclusive. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where and how a character stands in one frame (pixels). */
export interface Pose {
  /** Horizontal centre. */
  x: number;
  /** The ground line under the feet. */
  feetY: number;
  facing: 1 | -1;
  /** Height above the ground (jumps). */
  lift: number;
  legs: 'stand' | 'stride-a' | 'stride-b' | 'tuck';
}

/** A character prepared for drawing at one size. */
export interface CharacterSprite {
  /** Body side in pixels. */
  size: number;
  legLength: number;
  /** Body colours per pixel, -1 where transparent; index 0 faces right, 1 faces left. */
  bodies: readonly [Int32Array, Int32Array];
  /** Tight box of the body pixels in sprite coordinates (same for both facings up to a mirror). */
  bodyBox: readonly [Box, Box];
  /** Per leg (facing right): centre x in sprite coordinates and the row where it leaves the body. */
  legs: readonly { x: number; top: number }[];
  legWidth: number;
}

const WHITE = 0xfafafa;
const PUPIL = 0x101018;

function bodyShape(shape: CharacterShape, s: number): Shape {
  const c = s / 2;
  switch (shape) {
    case 'circle':
      return { kind: 'ellipse', cx: c, cy: c, rx: c, ry: c };
    case 'square':
      return { kind: 'rect', x: s * 0.06, y: s * 0.06, w: s * 0.88, h: s * 0.94 };
    case 'triangle':
      return { kind: 'polygon', points: [c, 0, s, s, 0, s] };
    case 'diamond':
      return { kind: 'polygon', points: [c, 0, s, c, c, s, 0, c] };
    case 'hexagon':
      return { kind: 'polygon', points: regularPolygon(6, c, c, c, Math.PI / 6) };
    case 'star': {
      const outer = regularPolygon(5, c, s * 0.54, c * 1.04, -Math.PI / 2);
      const inner = regularPolygon(5, c, s * 0.54, c * 0.62, -Math.PI / 2 + Math.PI / 5);
      const points: number[] = [];
      for (let i = 0; i < 5; i++) points.push(outer[2 * i] as number, outer[2 * i + 1] as number, inner[2 * i] as number, inner[2 * i + 1] as number);
      return { kind: 'polygon', points };
    }
    default: {
      const never: never = shape;
      throw new Error(`unknown shape ${String(never)}`);
    }
  }
}

function regularPolygon(n: number, cx: number, cy: number, r: number, start: number): number[] {
  const points: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = start + (i * 2 * Math.PI) / n;
    points.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  return points;
}

/** The clothing at sprite pixel (x, y): body colour or pattern ink. Periods scale with size so
 * the pattern stays readable, but never coarser than a few pixels: fine detail is the point. */
function clothing(pattern: CharacterPattern, s: number, body: Rgb, ink: Rgb): (x: number, y: number) => Rgb {
  switch (pattern) {
    case 'plain':
      return () => body;
    case 'striped': {
      const band = Math.max(2, Math.round(s / 9));
      return (_x, y) => (Math.floor(y / band) % 2 === 1 ? ink : body);
    }
    case 'dotted': {
      const cell = Math.max(5, Math.round(s / 4));
      const r2 = (cell * 0.24) ** 2;
      return (x, y) => {
        // Alternate rows of dots are offset by half a cell, so even a narrow shape shows several.
        const shifted = x + (Math.floor(y / cell) % 2) * Math.floor(cell / 2);
        const dx = (shifted % cell) + 0.5 - cell / 2;
        const dy = (y % cell) + 0.5 - cell / 2;
        return dx * dx + dy * dy <= r2 ? ink : body;
      };
    }
    case 'checked': {
      const cell = Math.max(2, Math.round(s / 6));
      return (x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 1 ? ink : body);
    }
    default: {
      const never: never = pattern;
      throw new Error(`unknown pattern ${String(never)}`);
    }
  }
}

/** Builds the sprite of a character whose body is `size` pixels across. */
export function buildSprite(look: CharacterLook, size: number): CharacterSprite {
  const s = Math.max(6, Math.round(size));
  const mask = new Uint8Array(s * s);
  forEachSpan(bodyShape(look.shape, s), s, s, (y, x0, x1) => mask.fill(1, y * s + x0, y * s + x1));
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < s && y < s && mask[y * s + x] === 1;
  const paint = clothing(look.pattern, s, COLOURS[look.colour], patternInk(look.colour));
  const right = new Int32Array(s * s).fill(-1);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      if (!inside(x, y)) continue;
      const edge = !inside(x - 1, y) || !inside(x + 1, y) || !inside(x, y - 1) || !inside(x, y + 1);
      right[y * s + x] = edge ? OUTLINE : paint(x, y);
    }
  }
  drawEyes(right, s, look.shape, inside, COLOURS[look.colour]);
  const left = new Int32Array(s * s);
  for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) left[y * s + x] = right[y * s + (s - 1 - x)] as number;
  const box = tightBox(right, s);
  const legWidth = Math.max(2, Math.round(s / 7));
  const legs = [0.32, 0.68].map((f) => {
    const x = Math.round(s * f);
    let top = 0;
    for (let y = 0; y < s; y++) if (inside(x, y)) top = y + 1;
    return { x, top };
  });
  return {
    size: s,
    legLength: Math.max(3, Math.round(s * 0.28)),
    bodies: [right, left],
    bodyBox: [box, { ...box, x: s - box.x - box.width }],
    legs,
    legWidth,
  };
}

function drawEyes(pixels: Int32Array, s: number, shape: CharacterShape, inside: (x: number, y: number) => boolean, skin: Rgb): void {
  const e = Math.max(2, Math.round(s / 7));
  const pupil = Math.max(1, Math.round(e / 2));
  const row = Math.round(s * (shape === 'triangle' ? 0.56 : shape === 'star' ? 0.46 : 0.33));
  const spread = shape === 'triangle' || shape === 'star' ? 0.16 : 0.22;
  // Eyes stay inside the outline so the silhouette is the shape alone.
  const set = (x: number, y: number, c: Rgb) => {
    if (inside(x, y) && inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1)) pixels[y * s + x] = c;
  };
  const lefts = [0.5 + spread * 0.2, 0.5 + spread * 1.2].map((centre) => Math.round(s * centre - e / 2));
  // A plain margin round the eyes keeps the clothing pattern from reading as extra pupils.
  for (const x0 of lefts) for (let y = row - 1; y <= row + e; y++) for (let x = x0 - 1; x <= x0 + e; x++) set(x, y, skin);
  for (const x0 of lefts) {
    for (let y = row; y < row + e; y++) {
      // A square pupil on the eye's side toward the facing direction (right, before mirroring).
      const pupilRow = y - row - Math.floor((e - pupil) / 2);
      for (let x = x0; x < x0 + e; x++) set(x, y, x >= x0 + e - pupil && pupilRow >= 0 && pupilRow < pupil ? PUPIL : WHITE);
    }
  }
}

function tightBox(pixels: Int32Array, s: number): Box {
  let x0 = s;
  let y0 = s;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      if ((pixels[y * s + x] as number) < 0) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Draws the character and returns the box of its pixels inside the frame, or undefined when
 * none of it is visible. */
export function drawCharacter(raster: Raster, sprite: CharacterSprite, pose: Pose): Box | undefined {
  const { size: s, legLength, legWidth } = sprite;
  const facingIndex = pose.facing === 1 ? 0 : 1;
  const left = Math.round(pose.x - s / 2);
  const top = Math.round(pose.feetY - pose.lift) - (s + legLength);
  const body = sprite.bodies[facingIndex];
  const stride = Math.max(1, Math.round(s / 14));
  const boxes: Box[] = [];
  sprite.legs.forEach((leg, i) => {
    const legX = pose.facing === 1 ? leg.x : s - 1 - leg.x;
    const swing = pose.legs === 'stride-a' ? (i === 0 ? stride : -stride) : pose.legs === 'stride-b' ? (i === 0 ? -stride : stride) : 0;
    const lifted = (pose.legs === 'stride-a' && i === 1) || (pose.legs === 'stride-b' && i === 0) ? 1 : 0;
    const bottom = s + legLength - (pose.legs === 'tuck' ? Math.ceil(legLength / 2) : lifted);
    const rect = { x: left + legX - Math.floor(legWidth / 2) + swing, y: top + leg.top, width: legWidth, height: Math.max(1, bottom - leg.top) };
    raster.fill({ kind: 'rect', x: rect.x, y: rect.y, w: rect.width, h: rect.height }, OUTLINE);
    boxes.push(rect);
  });
  for (let y = 0; y < s; y++) {
    const py = top + y;
    if (py < 0 || py >= raster.height) continue;
    for (let x = 0; x < s; x++) {
      const c = body[y * s + x] as number;
      if (c >= 0) raster.plot(left + x, py, c);
    }
  }
  const bodyBox = sprite.bodyBox[facingIndex];
  boxes.push({ ...bodyBox, x: bodyBox.x + left, y: bodyBox.y + top });
  return clipBox(unionBoxes(boxes), raster.width, raster.height);
}

function unionBoxes(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function clipBox(box: Box, width: number, height: number): Box | undefined {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(width, box.x + box.width);
  const y1 = Math.min(height, box.y + box.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}
