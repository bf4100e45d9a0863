/**
 * The storyboard of a Storyworld video: one caption per beat. A character's look and a place's
 * description appear only the first time; afterwards captions say "the first character" or
 * "back at the first place", so only memory can restore how they looked.
 */
import type { CaptionRow } from '../schema';
import { describeLook } from './identity';
import type { Action, Script } from './script';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

function ordinal(index: number): string {
  return ORDINALS[index] ?? `number ${index + 1}`;
}

const article = (words: string) => (/^[aeiou]/.test(words) ? `an ${words}` : `a ${words}`);

/** Writes the storyboard rows of a script. */
export function writeStoryboard(script: Script): CaptionRow[] {
  const seenActors = new Set<number>();
  const seenPlaces = new Set<number>();
  const rows: CaptionRow[] = [];
  script.shots.forEach((shot, shotIndex) => {
    const place = script.places[shot.place];
    if (!place) throw new RangeError(`shot ${shotIndex} shows unknown place ${shot.place}`);
    const firstVisit = !seenPlaces.has(shot.place);
    seenPlaces.add(shot.place);
    shot.beats.forEach((beat, beatIndex) => {
      const said = sentence(script, beat.action, seenActors);
      let text: string;
      if (beatIndex > 0) text = said ?? 'nobody is there';
      else if (!firstVisit) text = `back at the ${ordinal(shot.place)} place${said ? `: ${said}` : ''}`;
      else text = `${shotIndex === 0 ? '' : 'cut to '}${place.description}${said ? `: ${said}` : ''}`;
      rows.push({ startSec: beat.start, endSec: beat.end, text, transition: beatIndex === 0 ? 'cut' : 'continuous' });
    });
  });
  return rows;
}

/** The action as words, or undefined when nobody acts. Marks actors as seen. */
function sentence(script: Script, action: Action, seen: Set<number>): string | undefined {
  if (action.kind === 'establish') return undefined;
  const who = `the ${ordinal(action.actor)} character`;
  switch (action.kind) {
    case 'enter': {
      if (seen.has(action.actor)) return `${who} comes back from the ${action.from}`;
      seen.add(action.actor);
      const member = script.cast[action.actor];
      if (!member) throw new RangeError(`unknown actor ${action.actor}`);
      return `${article(describeLook(member.look))} walks in from the ${action.from}`;
    }
    case 'walk':
      return `${who} walks to the ${action.toward}`;
    case 'jump':
      return action.jumps === 1 ? `${who} jumps` : `${who} jumps twice`;
    case 'stand':
      return `${who} stands still`;
    case 'turn':
      return `${who} turns around`;
    case 'leave':
      return `${who} walks off to the ${action.to}`;
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}
