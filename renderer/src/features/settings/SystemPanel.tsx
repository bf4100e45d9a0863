/**
 * What the app runs on, and why: the engine's backend and device (with the reason for a slow
 * fallback), ffmpeg, and the project's model as it resolves (its folder, or the warning that
 * the default is not installed).
 */
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import { reportedBackend } from '../system/StatusBar';

export function SystemPanel() {
  const session = useSession();
  const revision = useObservable(session.revision);
  const model = useObservable(session.model);
  const [info, reload] = useLoad(() => session.api.system.info(), [session, revision]);
  const backend = info.state === 'ok' ? reportedBackend(info.value.backend) : null;
  return (
    <section className="panel" aria-labelledby="system-title">
      <h2 id="system-title">System</h2>
      {info.state === 'loading' && <p className="muted">Asking the app…</p>}
      {info.state === 'error' && <p className="error-notice">{info.error.message}</p>}
      {info.state === 'ok' && (
        <dl className="facts">
          <dt>Engine</dt>
          <dd>
            {backend ? (
              <>
                <strong>{backend.name}</strong>
                {backend.slow && <span className="tag warn">slow</span>}
                {backend.detail && <span className="fact-detail">{backend.detail}</span>}
              </>
            ) : (
              <span className="muted">not reported yet: the engine starts with the first job and picks the fastest backend installed (tfjs-node-gpu, tfjs-node, then wasm)</span>
            )}
          </dd>
          <dt>Device</dt>
          <dd>{info.value.device}</dd>
          <dt>ffmpeg</dt>
          <dd>
            {info.value.ffmpeg.found ? (
              <>
                {info.value.ffmpeg.version} <span className="fact-detail">{info.value.ffmpeg.path} ({info.value.ffmpeg.source})</span>
              </>
            ) : (
              <span className="error-notice">not found: {info.value.ffmpeg.reason}. Import and export need it: install ffmpeg or set LONGSHOT_FFMPEG.</span>
            )}
          </dd>
          <dt>Model</dt>
          <dd>
            {model.state === 'ok' && (
              <>
                {model.value.source === 'random' ? `random ${model.value.preset}` : `${model.value.preset} from ${model.value.path ?? ''}`}
                <span className="fact-detail">
                  {model.value.width}×{model.value.height} at {model.value.fps} fps, chunks of {model.value.chunkFrames} frames
                </span>
                {model.value.warning && <span className="warning-text">{model.value.warning}</span>}
              </>
            )}
            {model.state === 'error' && <span className="error-notice">{model.error.message}</span>}
          </dd>
          <dt>App</dt>
          <dd>
            Longshot {info.value.appVersion} · {info.value.platform} · Node {info.value.node}
          </dd>
        </dl>
      )}
      <button type="button" className="small" onClick={reload}>
        Refresh
      </button>
    </section>
  );
}
