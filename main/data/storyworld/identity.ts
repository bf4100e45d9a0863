/**
 * What a Storyworld character is: shape + colour + clothing pattern. These three attributes are
 * the identity that a returning character must keep, and what the evaluation's attribute judge
 * checks, so their names and exact colours live in one place.
 */
import { luma, rgb, type Rgb } from '../raster';

/** Body shapes, each distinct in silhouette at 64x64. */
export const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'hexagon', 'star'] as const;
export type CharacterShape = (typeof SHAPES)[number];

/** Body colours: saturated, far apart in RGB, none a background's main colour. */
export const COLOURS = {
  red: rgb(224, 40, 40),
  orange: rgb(248, 140, 24),
  yellow: rgb(250, 222, 40),
  green: rgb(40, 176, 64),
  cyan: rgb(40, 206, 222),
  blue: rgb(40, 80, 228),
  purple: rgb(146, 60, 206),
  pink: rgb(250, 112, 184),
  white: rgb(248, 248, 248),
} as const satisfies Record<string, Rgb>;
export type CharacterColour = keyof typeof COLOURS;
export const COLOUR_NAMES = Object.keys(COLOURS) as CharacterColour[];

/** Clothing patterns: all but plain add high-frequency detail the memory must keep. */
export const PATTERNS = ['plain', 'striped', 'dotted', 'checked'] as const;
export type CharacterPattern = (typeof PATTERNS)[number];

/** A character's identity. */
export interface CharacterLook {
  shape: CharacterShape;
  colour: CharacterColour;
  pattern: CharacterPattern;
}

/** Outline and legs: dark enough to separate any body colour from any background. */
export const OUTLINE = rgb(24, 24, 32);

/** The pattern's second colour follows from the body colour, so identity stays three attributes. */
export function patternInk(colour: CharacterColour): Rgb {
  return luma(COLOURS[colour]) > 150 ? rgb(36, 36, 52) : rgb(250, 250, 250);
}

/** The words a caption uses for a look, e.g. "red striped circle" or "plain blue square". */
export function describeLook(look: CharacterLook): string {
  return look.pattern === 'plain' ? `plain ${look.colour} ${look.shape}` : `${look.colour} ${look.pattern} ${look.shape}`;
}
