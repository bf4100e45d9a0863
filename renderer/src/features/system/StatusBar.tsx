/** A footer line: app version, engine backend and ffmpeg, so a user sees what runs. */
import { useApi } from '../../api/context';
import { useLoad } from '../../shared/use-load';

export function StatusBar() {
  const api = useApi();
  const [info] = useLoad(() => api.system.info(), [api]);
  if (info.state !== 'ok') return <footer className="status-bar">{info.state === 'error' ? info.error.message : ''}</footer>;
  const { appVersion, backend, ffmpeg, device } = info.value;
  return (
    <footer className="status-bar">
      <span>Longshot {appVersion}</span>
      <span>engine: {backend ? `${backend.name}${backend.slow ? ' (slow)' : ''}` : 'not started'}</span>
      <span>{ffmpeg.found ? `ffmpeg ${ffmpeg.version}` : `ffmpeg missing: ${ffmpeg.reason}`}</span>
      <span>{device}</span>
    </footer>
  );
}
