/**
 * Where each character is at any moment: the script's beats turned into per-beat motion
 * segments in pixels for one frame size, and a pose at time t read from a segment. Poses are a
 * pure function of time, so frames can be rendered in any order.
 */
import type { Pose } from './character';
import type { Script } from './script';

/** One actor's motion during one beat. */
export interface Segment {
  actor: number;
  start: number;
  end: number;
  x0: number;
  x1: number;
  /** When the walk from x0 to x1 is done (the actor stands after). */
  moveEnd: number;
  feetY: number;
  facing: 1 | -1;
  /** Time the actor turns round (Infinity for never). */
  turnAt: number;
  jumps: number;
  jumpDuration: number;
  jumpHeight: number;
}

/** Body side in pixels of a character whose full height is `height` of the frame. Legs add
 * 28% (see character.ts), and the body never exceeds 45% of the width. */
export function bodySize(height: number, frameWidth: number, frameHeight: number): number {
  return Math.max(6, Math.round(Math.min((height * frameHeight) / 1.28, frameWidth * 0.45)));
}

interface ActorState {
  x: number;
  feetY: number;
  facing: 1 | -1;
}

/** Motion segments per shot, per beat, for frames of width x height. */
export function planMotion(script: Script, width: number, height: number): Segment[][][] {
  const sizes = script.cast.map((member) => bodySize(member.height, width, height));
  return script.shots.map((shot) => {
    const place = script.places[shot.place];
    if (!place) throw new RangeError(`unknown place ${shot.place}`);
    const stage = new Map<number, ActorState>();
    return shot.beats.map((beat) => {
      const duration = beat.end - beat.start;
      const action = beat.action;
      const segments: Segment[] = [];
      const still = (actor: number, state: ActorState): Segment => ({
        actor, start: beat.start, end: beat.end, x0: state.x, x1: state.x, moveEnd: beat.start,
        feetY: state.feetY, facing: state.facing, turnAt: Infinity, jumps: 0, jumpDuration: 0, jumpHeight: 0,
      });
      const walk = (segment: Segment, actor: number, to: number): Segment => {
        const speed = (script.cast[actor]?.speed ?? 0.3) * width;
        const moveEnd = beat.start + Math.min(Math.abs(to - segment.x0) / speed, duration * 0.9);
        return { ...segment, x1: to, moveEnd, facing: to >= segment.x0 ? 1 : -1 };
      };
      const offscreen = (actor: number, side: 'left' | 'right') => {
        const margin = (sizes[actor] as number) * 0.6 + 2;
        return side === 'left' ? -margin : width + margin;
      };
      if (action.kind === 'enter') {
        const feetY = (place.walkTop + action.lane * (0.985 - place.walkTop)) * height;
        stage.set(action.actor, { x: offscreen(action.actor, action.from), feetY, facing: action.from === 'left' ? 1 : -1 });
      }
      for (const [actor, state] of stage) {
        let segment = still(actor, state);
        if (action.kind !== 'establish' && action.actor === actor) {
          switch (action.kind) {
            case 'enter':
            case 'walk':
              segment = walk(segment, actor, action.toX * width);
              break;
            case 'leave':
              segment = walk(segment, actor, offscreen(actor, action.to));
              break;
            case 'jump': {
              const size = sizes[actor] as number;
              const room = state.feetY - size * 1.28;
              segment = { ...segment, jumps: action.jumps, jumpDuration: Math.min(0.7, (duration * 0.9) / action.jumps), jumpHeight: Math.max(size * 0.25, Math.min(size * 0.6, room)) };
              break;
            }
            case 'turn':
              segment = { ...segment, turnAt: beat.start + Math.min(0.4, duration * 0.3) };
              break;
            case 'stand':
              break;
            default: {
              const never: never = action;
              throw new Error(`unknown action ${JSON.stringify(never)}`);
            }
          }
        }
        segments.push(segment);
        state.x = segment.x1;
        state.facing = segment.turnAt < Infinity ? (segment.facing === 1 ? -1 : 1) : segment.facing;
      }
      if (action.kind === 'leave') stage.delete(action.actor);
      return segments;
    });
  });
}

/** The pose of a segment's actor at time t (seconds), for a body of `size` pixels. */
export function poseAt(segment: Segment, t: number, size: number): Pose {
  const moving = t < segment.moveEnd && segment.x1 !== segment.x0;
  const progress = segment.moveEnd > segment.start ? Math.min(1, (t - segment.start) / (segment.moveEnd - segment.start)) : 1;
  const x = segment.x0 + (segment.x1 - segment.x0) * progress;
  let lift = 0;
  const inJump = segment.jumps > 0 ? (t - segment.start) / segment.jumpDuration : -1;
  if (inJump >= 0 && inJump < segment.jumps) {
    const u = inJump % 1;
    lift = 4 * segment.jumpHeight * u * (1 - u);
  }
  const facing = t >= segment.turnAt ? (segment.facing === 1 ? -1 : 1) : segment.facing;
  // Legs alternate with distance walked, so the stride matches the speed.
  const stride = Math.max(2, size * 0.3);
  const legs = lift > 0.5 ? 'tuck' : moving ? (Math.floor(Math.abs(x - segment.x0) / stride) % 2 === 0 ? 'stride-a' : 'stride-b') : 'stand';
  return { x, feetY: segment.feetY, facing, lift, legs };
}
