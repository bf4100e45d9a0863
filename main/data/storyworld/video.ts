/**
 * One Storyworld video: its script, storyboard and frames with per-frame ground truth. Frames
 * are rendered on demand and in any order (each is a pure function of seed, size and index), so
 * a video of any length costs a few kilobytes of memory, and one seed always gives the same bytes.
 */
import { deriveSeed } from '../random';
import { Raster } from '../raster';
import type { CaptionRow } from '../schema';
import { buildSprite, drawCharacter, type Box, type CharacterSprite } from './character';
import { writeStoryboard } from './captions';
import type { CharacterLook } from './identity';
import { bodySize, planMotion, poseAt, type Segment } from './motion';
import { paintPlace, paintWeather } from './place-paint';
import type { PlaceKind } from './place-layouts';
import { writeScript, type Script, type Shot } from './script';

/** Bumped whenever a change to the generator changes its output for a given seed. */
export const STORYWORLD_VERSION = 1;

export interface StoryworldOptions {
  seed: number;
  seconds: number;
  width: number;
  height: number;
  fps: number;
}

/** A visible character in one frame. */
export interface CharacterTruth extends CharacterLook {
  id: string;
  /** The pixels it covers in this frame, clipped to the frame. */
  box: Box;
}

/** What one frame shows. */
export interface FrameTruth {
  frame: number;
  place: string;
  placeKind: PlaceKind;
  /** Visible characters, farthest first (drawing order). */
  characters: CharacterTruth[];
}

/** A place of this video, in order of first visit. */
export interface PlaceInfo {
  id: string;
  kind: PlaceKind;
  description: string;
}

/** A character of this video, in order of first appearance. */
export interface CharacterInfo extends CharacterLook {
  id: string;
}

/** A generated video; call `renderFrame` for each index below `frameCount`. */
export class StoryworldVideo {
  readonly script: Script;
  readonly storyboard: CaptionRow[];
  readonly frameCount: number;
  readonly places: PlaceInfo[];
  readonly characters: CharacterInfo[];
  private readonly sprites: CharacterSprite[];
  private readonly motion: Segment[][][];
  private readonly backgrounds = new Map<number, Raster>();
  private readonly weatherSalts: number[];

  constructor(readonly options: StoryworldOptions) {
    const { seed, seconds, width, height, fps } = options;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16)) {
      throw new RangeError(`frame size must be whole pixels, at least 16x16, got ${width}x${height}`);
    }
    if (!(fps > 0 && fps <= 120)) throw new RangeError(`fps must be in (0, 120], got ${fps}`);
    this.script = writeScript(seed, seconds);
    this.storyboard = writeStoryboard(this.script);
    this.frameCount = Math.round(seconds * fps);
    this.places = this.script.places.map((p, i) => ({ id: `p${i}`, kind: p.kind, description: p.description }));
    this.characters = this.script.cast.map((m, i) => ({ id: `c${i}`, ...m.look }));
    this.sprites = this.script.cast.map((m) => buildSprite(m.look, bodySize(m.height, width, height)));
    this.motion = planMotion(this.script, width, height);
    this.weatherSalts = this.script.places.map((_, i) => deriveSeed(seed, 'weather', i));
  }

  /** Renders frame `index` as RGB bytes into `into` (allocated when not given). */
  renderFrame(index: number, into?: Uint8Array): { pixels: Uint8Array; truth: FrameTruth } {
    if (!Number.isInteger(index) || index < 0 || index >= this.frameCount) throw new RangeError(`frame ${index} out of range 0..${this.frameCount - 1}`);
    const { width, height, fps } = this.options;
    const raster = new Raster(width, height, into);
    const t = index / fps;
    const shotIndex = findSpan(this.script.shots, t);
    const shot = this.script.shots[shotIndex] as Shot;
    raster.copyFrom(this.background(shot.place));
    paintWeather(raster, this.script.places[shot.place] as Script['places'][number], t, this.weatherSalts[shot.place] as number);
    const beatIndex = findSpan(shot.beats, t);
    const segments = (this.motion[shotIndex]?.[beatIndex] ?? []).slice().sort((a, b) => a.feetY - b.feetY || a.actor - b.actor);
    const characters: CharacterTruth[] = [];
    for (const segment of segments) {
      const sprite = this.sprites[segment.actor] as CharacterSprite;
      const box = drawCharacter(raster, sprite, poseAt(segment, t, sprite.size));
      if (box) characters.push({ ...(this.characters[segment.actor] as CharacterInfo), box });
    }
    const place = this.places[shot.place] as PlaceInfo;
    return { pixels: raster.data, truth: { frame: index, place: place.id, placeKind: place.kind, characters } };
  }

  private background(place: number): Raster {
    let raster = this.backgrounds.get(place);
    if (!raster) {
      raster = new Raster(this.options.width, this.options.height);
      paintPlace(raster, this.script.places[place] as Script['places'][number]);
      this.backgrounds.set(place, raster);
    }
    return raster;
  }
}

/** Index of the span containing t; the last span also takes anything past its end. */
function findSpan(spans: readonly { start: number; end: number }[], t: number): number {
  for (let i = 0; i < spans.length; i++) if (t < (spans[i] as { end: number }).end) return i;
  return spans.length - 1;
}
