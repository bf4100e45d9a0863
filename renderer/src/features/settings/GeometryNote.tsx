/**
 * Says so when the project's frame size or rate differs from what its model makes: the model
 * decides what is generated, so the project's values only set how footage is imported (then
 * resized and retimed for the model) and are not the video's. Silent when they agree.
 */
import { useObservable } from '../../shared/use-observable';
import type { Settings } from '../project/project-session';
import { useSession } from '../project/session-context';

export function GeometryNote({ settings }: { settings: Pick<Settings, 'width' | 'height' | 'fps'> }) {
  const model = useObservable(useSession().model);
  if (model.state !== 'ok') return null;
  const { width, height, fps } = model.value;
  if (settings.width === width && settings.height === height && settings.fps === fps) return null;
  return (
    <p className="muted geometry-note" role="note">
      The model makes {width}×{height} at {fps} fps, so that is what is generated; this project's{' '}
      {settings.width}×{settings.height} at {settings.fps} fps only sets how footage is imported (it is then resized and
      retimed for the model). Exports are {width}×{height} at {fps} fps, scaled by Export's upscale factor
      (<code>longshot export --fps</code> changes the rate).
    </p>
  );
}
