/**
 * The story of one Storyworld video, drawn from its seed: which places (with their layouts),
 * which characters, and a list of shots made of beats, one action per beat. The plan guarantees
 * what the memory is trained and judged on: a cut away from the first place and back to it, and
 * a first character who is seen, is absent for a whole shot, and comes back.
 * Times are in half-second units while planning so beats fall on a simple grid.
 */
import { deriveSeed, Rng } from '../random';
import { COLOUR_NAMES, PATTERNS, SHAPES, type CharacterLook, type CharacterPattern } from './identity';
import { layoutPlace, PLACE_KINDS, type PlaceLayout } from './place-layouts';

export type Side = 'left' | 'right';

/** What happens in one beat. `actor` is an index into the cast, which is ordered by first
 * appearance; `lane` (0 far .. 1 near) picks the ground line; x is a fraction of the width. */
export type Action =
  | { kind: 'establish' }
  | { kind: 'enter'; actor: number; from: Side; toX: number; lane: number }
  | { kind: 'walk'; actor: number; toX: number; toward: Side }
  | { kind: 'jump'; actor: number; jumps: 1 | 2 }
  | { kind: 'stand'; actor: number }
  | { kind: 'turn'; actor: number }
  | { kind: 'leave'; actor: number; to: Side };

export interface Beat {
  start: number;
  end: number;
  action: Action;
}

export interface Shot {
  /** Index into the script's places, which are ordered by first visit. */
  place: number;
  start: number;
  end: number;
  beats: Beat[];
}

export interface CastMember {
  look: CharacterLook;
  /** Full height (body and legs) as a fraction of the frame height. */
  height: number;
  /** Walking speed in frame widths per second. */
  speed: number;
}

export interface Script {
  seconds: number;
  places: PlaceLayout[];
  cast: CastMember[];
  shots: Shot[];
}

/** The shortest video that can hold a cut away and back plus a return: three 3-second shots. */
export const MIN_SECONDS = 9;
const UNIT = 0.5;
const MIN_SHOT_UNITS = 6;

/** Plans the story of a video of `seconds` (at least MIN_SECONDS). */
export function writeScript(seed: number, seconds: number): Script {
  if (!(seconds >= MIN_SECONDS)) throw new RangeError(`a Storyworld video needs at least ${MIN_SECONDS} s, got ${seconds}`);
  const rng = new Rng(deriveSeed(seed, 'script'));
  const units = Math.floor(seconds / UNIT);
  const shotUnits = splitShots(rng, units);
  const placeCount = Math.min(PLACE_KINDS.length, seconds < 20 ? 2 : rng.int(2, 3) + Math.floor(seconds / 90));
  const castCount = seconds < 20 ? 2 : rng.int(2, 3) + (seconds >= 60 ? 1 : 0);
  const sequence = planPlaces(rng, shotUnits.length, placeCount);
  const casts = planCasts(rng, sequence, castCount);
  const kinds = rng.shuffle(PLACE_KINDS);
  const usedPlaces = Math.max(...sequence) + 1;
  const places = kinds.slice(0, usedPlaces).map((kind, i) => layoutPlace(kind, new Rng(deriveSeed(seed, 'place', i))));
  const visited = new Set<number>();
  let at = 0;
  const shots = shotUnits.map((length, i): Shot => {
    const place = sequence[i] as number;
    const beats = planBeats(rng, at, length, casts[i] as number[], !visited.has(place));
    visited.add(place);
    at += length;
    return { place, start: (at - length) * UNIT, end: at * UNIT, beats };
  });
  const cast = makeCast(rng, numberByEntry(shots));
  // The grid is in half seconds; the last beat takes whatever is left of the requested length.
  const lastShot = shots[shots.length - 1] as Shot;
  lastShot.end = seconds;
  (lastShot.beats[lastShot.beats.length - 1] as Beat).end = seconds;
  return { seconds, places, cast, shots };
}

/** A planned actor may not get a beat to enter in a short shot; renumbering the cast by actual
 * first entry keeps "the second character" true to what was seen. Returns the cast size. */
function numberByEntry(shots: Shot[]): number {
  const order = new Map<number, number>();
  for (const shot of shots) {
    for (const beat of shot.beats) {
      const action = beat.action;
      if (action.kind === 'establish') continue;
      if (action.kind === 'enter' && !order.has(action.actor)) order.set(action.actor, order.size);
      beat.action = { ...action, actor: order.get(action.actor) as number };
    }
  }
  return order.size;
}

function splitShots(rng: Rng, units: number): number[] {
  const wanted = Math.max(3, Math.round((units * UNIT) / rng.range(6, 9)));
  const count = Math.max(3, Math.min(wanted, Math.floor(units / MIN_SHOT_UNITS)));
  const lengths = new Array<number>(count).fill(MIN_SHOT_UNITS);
  for (let left = units - count * MIN_SHOT_UNITS; left > 0; left--) {
    const i = rng.below(count);
    lengths[i] = (lengths[i] as number) + 1;
  }
  return lengths;
}

/** Place of each shot: first place, a second place, (maybe a third,) back to the first, then
 * new places while any are left, else any place but the one just shown. */
function planPlaces(rng: Rng, shots: number, placeCount: number): number[] {
  const sequence = [0, 1];
  if (shots >= 4 && placeCount >= 3 && rng.chance(0.5)) sequence.push(2);
  sequence.push(0);
  let next = Math.max(...sequence) + 1;
  while (sequence.length < shots) {
    const previous = sequence[sequence.length - 1] as number;
    if (next < placeCount && rng.chance(0.7)) sequence.push(next++);
    else sequence.push(rng.pick(Array.from({ length: next }, (_, i) => i).filter((p) => p !== previous)));
  }
  return sequence.slice(0, shots);
}

/** Who is in each shot, in order of entry. Character 0 opens the story, sits out the shots
 * before the first return to place 0, and comes back there. */
function planCasts(rng: Rng, sequence: readonly number[], castCount: number): number[][] {
  const returnShot = sequence.indexOf(0, 1);
  let introduced = 0;
  const fresh = () => (introduced < castCount ? introduced++ : undefined);
  const casts: number[][] = [];
  sequence.forEach((_, i) => {
    if (i === 0) {
      casts.push([fresh() as number]);
      if (castCount >= 3 && rng.chance(0.4)) casts[0]?.push(fresh() as number);
      return;
    }
    if (i < returnShot) {
      casts.push([fresh() ?? rng.pick(Array.from({ length: introduced - 1 }, (_, k) => k + 1))]);
      return;
    }
    const shot: number[] = i === returnShot ? [0] : [];
    const newcomer = fresh();
    if (newcomer !== undefined) shot.push(newcomer);
    const previous = new Set(casts[i - 1]);
    const returning = rng.shuffle(Array.from({ length: introduced }, (_, k) => k).filter((k) => !shot.includes(k) && !previous.has(k)));
    while (shot.length < 1 || (shot.length < 2 && returning.length > 0 && rng.chance(0.5))) {
      shot.push(returning.shift() ?? rng.pick(Array.from({ length: introduced }, (_, k) => k).filter((k) => !shot.includes(k))));
    }
    casts.push(shot);
  });
  return casts;
}

function makeCast(rng: Rng, count: number): CastMember[] {
  const shapes = rng.shuffle(SHAPES);
  const colours = rng.shuffle(COLOUR_NAMES);
  const patterned: readonly CharacterPattern[] = PATTERNS.filter((p) => p !== 'plain');
  return Array.from({ length: count }, (_, i) => ({
    look: { shape: shapes[i % shapes.length], colour: colours[i % colours.length], pattern: rng.chance(0.15) ? 'plain' : rng.pick(patterned) } as CharacterLook,
    height: rng.range(0.32, 0.45),
    speed: rng.range(0.22, 0.36),
  }));
}

interface StageState {
  x: number;
  lane: number;
  facing: 1 | -1;
}

/** One action per beat: enter the next waiting actor, or give an actor on stage something to
 * do; an actor who leaves may come back later in the same shot. */
function planBeats(rng: Rng, startUnit: number, length: number, cast: readonly number[], firstVisit: boolean): Beat[] {
  const durations: number[] = [];
  for (let left = length; left > 0; ) {
    let d = rng.int(3, 6);
    if (left - d < 3) d = left;
    durations.push(d);
    left -= d;
  }
  const waiting = cast.map((actor) => ({ actor, notBefore: 0 }));
  const stage = new Map<number, StageState>();
  const beats: Beat[] = [];
  let at = startUnit;
  durations.forEach((d, index) => {
    const action = nextAction(rng, index, durations.length, waiting, stage, firstVisit);
    const previous = beats[beats.length - 1];
    at += d;
    // An empty stage that stays empty is one beat (one caption), not several.
    if (action.kind === 'establish' && previous?.action.kind === 'establish') previous.end = at * UNIT;
    else beats.push({ start: (at - d) * UNIT, end: at * UNIT, action });
  });
  return beats;
}

function nextAction(
  rng: Rng,
  index: number,
  beatCount: number,
  waiting: { actor: number; notBefore: number }[],
  stage: Map<number, StageState>,
  firstVisit: boolean,
): Action {
  if (index === 0 && firstVisit && beatCount >= 3 && rng.chance(0.3)) return { kind: 'establish' };
  const ready = waiting.findIndex((w) => w.notBefore <= index);
  if (ready >= 0 && (stage.size === 0 || rng.chance(0.6))) {
    const { actor } = waiting.splice(ready, 1)[0] as { actor: number };
    const lanes = [...stage.values()].map((s) => s.lane);
    // A second actor takes the other half of the ground, so the two rarely hide each other.
    const lane = lanes.length === 0 ? rng.range(0.45, 1) : (lanes[0] as number) > 0.6 ? rng.range(0, 0.3) : rng.range(0.7, 1);
    const from: Side = rng.chance(0.5) ? 'left' : 'right';
    const toX = rng.range(0.25, 0.75);
    stage.set(actor, { x: toX, lane, facing: from === 'left' ? 1 : -1 });
    return { kind: 'enter', actor, from, toX, lane };
  }
  if (stage.size === 0) return { kind: 'establish' };
  const actor = rng.pick([...stage.keys()]);
  const state = stage.get(actor) as StageState;
  const roll = rng.float();
  if (roll < 0.22 && index > 0) {
    const to: Side = state.x < 0.5 ? 'left' : 'right';
    stage.delete(actor);
    if (index + 2 < beatCount && rng.chance(0.6)) waiting.push({ actor, notBefore: index + 2 });
    return { kind: 'leave', actor, to };
  }
  if (roll < 0.52) {
    const toX = state.x < 0.5 ? rng.range(Math.min(0.85, state.x + 0.25), 0.88) : rng.range(0.12, Math.max(0.12, state.x - 0.25));
    state.facing = toX > state.x ? 1 : -1;
    state.x = toX;
    return { kind: 'walk', actor, toX, toward: state.facing === 1 ? 'right' : 'left' };
  }
  if (roll < 0.8) return { kind: 'jump', actor, jumps: rng.chance(0.5) ? 1 : 2 };
  if (roll < 0.9) {
    state.facing = state.facing === 1 ? -1 : 1;
    return { kind: 'turn', actor };
  }
  return { kind: 'stand', actor };
}
