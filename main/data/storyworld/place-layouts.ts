/**
 * One layout function per kind of place. Each draws its choices (sky and ground tones, where the
 * horizon lies, how many trees or houses and where) from the seed, so two forests differ, and
 * names the details its caption mentions on a first visit.
 */
import type { Rng } from '../random';
import { mixRgb, rgb, type Rgb } from '../raster';
import type { Prop } from './scenery';

/** The kinds of place. */
export const PLACE_KINDS = ['snowy-field', 'beach', 'forest', 'town-street', 'desert', 'night-park', 'meadow', 'mountain-lake'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** Moving parts of a place, drawn per frame over the still layout. */
export type Weather =
  | { kind: 'none' }
  | { kind: 'snow'; flakes: number; colour: Rgb; speed: number }
  | { kind: 'waves'; y0: number; y1: number; colour: Rgb }
  | { kind: 'twinkle'; stars: readonly { x: number; y: number }[] }
  | { kind: 'clouds'; clouds: readonly { x: number; y: number; size: number }[]; speed: number };

/** A place as drawn: still layout, moving parts, and where characters may stand. */
export interface PlaceLayout {
  kind: PlaceKind;
  sky: readonly [Rgb, Rgb];
  horizon: number;
  ground: readonly [Rgb, Rgb];
  /** Drawn in order after sky and ground. */
  props: readonly Prop[];
  weather: Weather;
  /** The highest ground line (fraction of height) a character's feet may use. */
  walkTop: number;
  /** Caption words for a first visit, e.g. "a snowy field with pine trees and a snowman". */
  description: string;
}

/** Varies each channel of a colour by up to +-amount. */
function vary(rng: Rng, c: Rgb, amount: number): Rgb {
  const d = () => rng.int(-amount, amount);
  return rgb(((c >>> 16) & 255) + d(), ((c >>> 8) & 255) + d(), (c & 255) + d());
}

/** Spreads n values over [lo, hi) with jitter, so props do not pile up in one spot. */
function spread(rng: Rng, n: number, lo: number, hi: number): number[] {
  const step = (hi - lo) / n;
  return rng.shuffle(Array.from({ length: n }, (_, i) => lo + step * (i + rng.range(0.15, 0.85))));
}

function clouds(rng: Rng, horizon: number): Weather {
  const n = rng.int(2, 4);
  return {
    kind: 'clouds',
    clouds: spread(rng, n, 0, 1).map((x) => ({ x, y: rng.range(0.06, horizon * 0.55), size: rng.range(0.05, 0.09) })),
    speed: rng.range(0.01, 0.03) * (rng.chance(0.5) ? 1 : -1),
  };
}

type Layout = (rng: Rng) => PlaceLayout;

const snowyField: Layout = (rng) => {
  const horizon = rng.range(0.42, 0.56);
  const props: Prop[] = [{ kind: 'hill', x: rng.range(0.2, 0.8), y: horizon + 0.02, rx: rng.range(0.4, 0.7), ry: rng.range(0.06, 0.12), colour: vary(rng, rgb(214, 224, 240), 6) }];
  if (rng.chance(0.5)) props.unshift({ kind: 'sun', x: rng.range(0.1, 0.9), y: rng.range(0.1, 0.25), r: 0.07, colour: rgb(250, 244, 214) });
  const pineColour = vary(rng, rgb(30, 92, 60), 14);
  for (const x of spread(rng, rng.int(2, 4), 0.05, 0.95)) props.push({ kind: 'pine', x, base: horizon + rng.range(0.03, 0.16), height: rng.range(0.25, 0.42), colour: pineColour, snow: true });
  const snowman = rng.chance(0.6);
  if (snowman) props.push({ kind: 'snowman', x: rng.range(0.15, 0.85), base: horizon + rng.range(0.12, 0.22), height: rng.range(0.16, 0.22) });
  return {
    kind: 'snowy-field',
    sky: [vary(rng, rgb(150, 172, 204), 12), vary(rng, rgb(212, 222, 236), 8)],
    horizon,
    ground: [rgb(240, 244, 252), vary(rng, rgb(204, 216, 236), 8)],
    props,
    weather: { kind: 'snow', flakes: rng.int(24, 40), colour: rgb(255, 255, 255), speed: rng.range(0.12, 0.22) },
    walkTop: horizon + 0.08,
    description: `a snowy field with pine trees${snowman ? ' and a snowman' : ''}`,
  };
};

const beach: Layout = (rng) => {
  const horizon = rng.range(0.36, 0.48);
  const shore = horizon + rng.range(0.12, 0.18);
  const props: Prop[] = [
    { kind: 'sun', x: rng.range(0.1, 0.9), y: rng.range(0.1, 0.22), r: rng.range(0.06, 0.09), colour: rgb(255, 224, 90) },
    { kind: 'band', y0: horizon, y1: shore, top: vary(rng, rgb(30, 90, 170), 12), bottom: vary(rng, rgb(60, 150, 200), 12) },
  ];
  const palmSide = rng.chance(0.5) ? 0.15 : 0.85;
  for (let i = rng.int(1, 2); i > 0; i--) props.push({ kind: 'palm', x: palmSide + rng.range(-0.1, 0.1), base: shore + rng.range(0.05, 0.15), height: rng.range(0.35, 0.5), lean: palmSide < 0.5 ? 0.25 : -0.25 });
  const umbrella = rng.chance(0.6);
  if (umbrella) props.push({ kind: 'umbrella', x: 1 - palmSide + rng.range(-0.1, 0.1), base: shore + rng.range(0.08, 0.18), height: 0.2, colour: vary(rng, rgb(230, 80, 60), 20) });
  return {
    kind: 'beach',
    sky: [vary(rng, rgb(70, 150, 230), 12), vary(rng, rgb(190, 225, 250), 8)],
    horizon,
    ground: [vary(rng, rgb(240, 218, 160), 8), vary(rng, rgb(222, 190, 124), 8)],
    props,
    weather: { kind: 'waves', y0: horizon + 0.02, y1: shore - 0.01, colour: rgb(200, 230, 250) },
    walkTop: shore + 0.08,
    description: `a sandy beach by the sea with palm trees${umbrella ? ' and an umbrella' : ''}`,
  };
};

const forest: Layout = (rng) => {
  const horizon = rng.range(0.34, 0.46);
  const props: Prop[] = [];
  const far = vary(rng, rgb(34, 86, 44), 10);
  for (let x = 0; x < 1.05; x += rng.range(0.08, 0.14)) props.push({ kind: 'hill', x, y: horizon, rx: rng.range(0.07, 0.11), ry: rng.range(0.1, 0.18), colour: far });
  for (const x of spread(rng, rng.int(4, 6), 0, 1)) {
    props.push({ kind: 'tree', x, base: horizon + rng.range(0.04, 0.22), height: rng.range(0.4, 0.62), colour: vary(rng, rgb(50, 140, 60), 24) });
  }
  const bushes = rng.chance(0.6);
  if (bushes) for (const x of spread(rng, 3, 0, 1)) props.push({ kind: 'bush', x, base: horizon + rng.range(0.2, 0.3), size: rng.range(0.05, 0.08), colour: vary(rng, rgb(40, 120, 50), 16) });
  return {
    kind: 'forest',
    sky: [vary(rng, rgb(150, 196, 180), 12), vary(rng, rgb(196, 220, 196), 8)],
    horizon,
    ground: [vary(rng, rgb(74, 128, 52), 10), vary(rng, rgb(46, 92, 36), 8)],
    props,
    weather: { kind: 'snow', flakes: rng.int(6, 12), colour: vary(rng, rgb(210, 140, 40), 20), speed: rng.range(0.05, 0.1) },
    walkTop: horizon + 0.2,
    description: `a forest of round trees${bushes ? ' and bushes' : ''}`,
  };
};

const townStreet: Layout = (rng) => {
  const horizon = rng.range(0.5, 0.6);
  const props: Prop[] = [];
  const walls = rng.shuffle([rgb(236, 222, 186), rgb(176, 204, 228), rgb(232, 170, 150), rgb(178, 222, 190), rgb(200, 186, 226)]);
  const roof = vary(rng, rgb(110, 60, 50), 16);
  const count = rng.int(3, 4);
  spread(rng, count, 0, 1).forEach((x, i) => {
    props.push({ kind: 'house', x, base: horizon, width: rng.range(0.7, 0.9) / count, height: rng.range(0.22, 0.32), wall: vary(rng, walls[i % walls.length] as Rgb, 8), roof, window: rgb(250, 236, 160) });
  });
  props.push({ kind: 'band', y0: horizon, y1: horizon + 0.08, top: rgb(186, 186, 190), bottom: rgb(160, 160, 166) });
  props.push({ kind: 'dashes', y: horizon + 0.24, h: 0.025, colour: rgb(240, 240, 240), period: rng.range(0.16, 0.24) });
  return {
    kind: 'town-street',
    sky: [vary(rng, rgb(96, 156, 228), 12), vary(rng, rgb(184, 212, 242), 8)],
    horizon,
    ground: [vary(rng, rgb(110, 110, 116), 6), vary(rng, rgb(84, 84, 90), 6)],
    props,
    weather: clouds(rng, horizon),
    walkTop: horizon + 0.1,
    description: 'a town street with houses',
  };
};

const desert: Layout = (rng) => {
  const horizon = rng.range(0.46, 0.58);
  const props: Prop[] = [{ kind: 'sun', x: rng.range(0.15, 0.85), y: rng.range(0.12, 0.24), r: rng.range(0.08, 0.11), colour: rgb(255, 238, 150) }];
  for (const x of spread(rng, rng.int(2, 3), 0, 1)) props.push({ kind: 'hill', x, y: horizon + 0.02, rx: rng.range(0.25, 0.4), ry: rng.range(0.06, 0.12), colour: vary(rng, rgb(226, 164, 92), 10) });
  for (const x of spread(rng, rng.int(1, 3), 0.05, 0.95)) props.push({ kind: 'cactus', x, base: horizon + rng.range(0.06, 0.2), height: rng.range(0.18, 0.3) });
  if (rng.chance(0.5)) props.push({ kind: 'rock', x: rng.range(0.1, 0.9), base: horizon + rng.range(0.25, 0.35), size: 0.05, colour: rgb(150, 100, 70) });
  return {
    kind: 'desert',
    sky: [vary(rng, rgb(120, 176, 230), 12), vary(rng, rgb(250, 216, 164), 8)],
    horizon,
    ground: [vary(rng, rgb(238, 186, 108), 8), vary(rng, rgb(208, 146, 76), 8)],
    props,
    weather: { kind: 'none' },
    walkTop: horizon + 0.12,
    description: 'a desert with cacti and dunes',
  };
};

const nightPark: Layout = (rng) => {
  const horizon = rng.range(0.5, 0.6);
  const skyTop = vary(rng, rgb(10, 14, 40), 6);
  const skyBottom = vary(rng, rgb(40, 52, 96), 8);
  const stars = Array.from({ length: rng.int(14, 24) }, () => ({ x: rng.float(), y: rng.range(0.02, horizon - 0.05) }));
  const moonY = rng.range(0.1, 0.22);
  const props: Prop[] = [
    ...stars.map((s): Prop => ({ kind: 'star', ...s })),
    { kind: 'moon', x: rng.range(0.15, 0.85), y: moonY, r: rng.range(0.06, 0.08), sky: mixRgb(skyTop, skyBottom, moonY / horizon) },
  ];
  for (const x of spread(rng, rng.int(3, 5), 0, 1)) props.push({ kind: 'tree', x, base: horizon + 0.02, height: rng.range(0.25, 0.4), colour: vary(rng, rgb(20, 50, 40), 6) });
  for (const x of spread(rng, rng.int(1, 2), 0.1, 0.9)) props.push({ kind: 'lamp', x, base: horizon + rng.range(0.12, 0.2), height: rng.range(0.28, 0.36), pool: rgb(70, 84, 60) });
  return {
    kind: 'night-park',
    sky: [skyTop, skyBottom],
    horizon,
    ground: [vary(rng, rgb(30, 52, 40), 6), vary(rng, rgb(16, 32, 26), 6)],
    props,
    weather: { kind: 'twinkle', stars: rng.shuffle(stars).slice(0, 6) },
    walkTop: horizon + 0.14,
    description: 'a park at night under the moon with street lamps',
  };
};

const meadow: Layout = (rng) => {
  const horizon = rng.range(0.44, 0.54);
  const props: Prop[] = [];
  for (const x of spread(rng, 2, 0, 1)) props.push({ kind: 'hill', x, y: horizon + 0.04, rx: rng.range(0.35, 0.55), ry: rng.range(0.1, 0.16), colour: vary(rng, rgb(96, 170, 70), 12) });
  const inks = [rgb(236, 72, 96), rgb(252, 236, 110), rgb(252, 252, 252), rgb(200, 120, 230)];
  for (let i = rng.int(14, 24); i > 0; i--) props.push({ kind: 'flower', x: rng.float(), y: rng.range(horizon + 0.06, 0.99), colour: rng.pick(inks) });
  const fence = rng.chance(0.5);
  if (fence) props.push({ kind: 'fence', base: horizon + 0.1, height: 0.08, colour: rgb(150, 110, 70) });
  return {
    kind: 'meadow',
    sky: [vary(rng, rgb(80, 150, 240), 12), vary(rng, rgb(174, 212, 250), 8)],
    horizon,
    ground: [vary(rng, rgb(120, 196, 84), 10), vary(rng, rgb(80, 160, 58), 10)],
    props,
    weather: clouds(rng, horizon),
    walkTop: horizon + 0.14,
    description: `a flowery meadow${fence ? ' with a fence' : ''}`,
  };
};

const mountainLake: Layout = (rng) => {
  const horizon = rng.range(0.44, 0.52);
  const shore = horizon + rng.range(0.12, 0.16);
  const props: Prop[] = [];
  for (const x of spread(rng, rng.int(2, 4), 0, 1)) {
    props.push({ kind: 'mountain', x, base: horizon, width: rng.range(0.4, 0.6), height: rng.range(0.22, 0.34), colour: vary(rng, rgb(110, 120, 140), 14), cap: rng.chance(0.7) });
  }
  props.push({ kind: 'band', y0: horizon, y1: shore, top: vary(rng, rgb(70, 120, 170), 10), bottom: vary(rng, rgb(50, 100, 150), 10) });
  for (const x of spread(rng, rng.int(1, 3), 0, 1)) props.push({ kind: 'pine', x, base: shore + rng.range(0.02, 0.08), height: rng.range(0.2, 0.3), colour: vary(rng, rgb(30, 90, 50), 10), snow: false });
  return {
    kind: 'mountain-lake',
    sky: [vary(rng, rgb(120, 170, 226), 12), vary(rng, rgb(202, 226, 246), 8)],
    horizon,
    ground: [vary(rng, rgb(98, 144, 82), 8), vary(rng, rgb(70, 112, 60), 8)],
    props,
    weather: { kind: 'waves', y0: horizon + 0.01, y1: shore - 0.01, colour: rgb(150, 190, 220) },
    walkTop: shore + 0.1,
    description: 'a lake below snowy mountains',
  };
};

const LAYOUTS: Record<PlaceKind, Layout> = {
  'snowy-field': snowyField,
  beach,
  forest,
  'town-street': townStreet,
  desert,
  'night-park': nightPark,
  meadow,
  'mountain-lake': mountainLake,
};

/** Lays out a place of the given kind from the generator's next numbers. */
export function layoutPlace(kind: PlaceKind, rng: Rng): PlaceLayout {
  return LAYOUTS[kind](rng);
}
