/**
 * A footer line: app version, the engine's backend (and why, when it fell back to a slow one),
 * ffmpeg and the device, so a user always sees what runs. Re-read when a job changes state,
 * since the engine starts with the first job.
 */
import { useEffect } from 'react';
import type { CallOutput } from '../../../../preload/api';
import { useApi } from '../../api/context';
import { useLoad } from '../../shared/use-load';

type Backend = CallOutput<'system.info'>['backend'];

/** The engine's backend, or null while none has reported one ('none' is the job host's word for that). */
export function reportedBackend(backend: Backend): Backend {
  return backend === null || backend.name === 'none' ? null : backend;
}

export function StatusBar() {
  const api = useApi();
  const [info, reload] = useLoad(() => api.system.info(), [api]);
  useEffect(() => api.events.jobState(reload), [api, reload]);
  if (info.state !== 'ok') return <footer className="status-bar">{info.state === 'error' ? info.error.message : ''}</footer>;
  const { appVersion, ffmpeg, device } = info.value;
  const backend = reportedBackend(info.value.backend);
  return (
    <footer className="status-bar">
      <span>Longshot {appVersion}</span>
      <span className="status-engine" title={backend?.detail}>
        engine: {backend ? `${backend.name}${backend.slow ? ' (slow)' : ''}${backend.detail ? ` · ${backend.detail}` : ''}` : 'not reported yet'}
      </span>
      <span className={ffmpeg.found ? '' : 'error-notice'}>{ffmpeg.found ? `ffmpeg ${ffmpeg.version}` : `ffmpeg missing: ${ffmpeg.reason}`}</span>
      <span className="status-device">{device}</span>
    </footer>
  );
}
