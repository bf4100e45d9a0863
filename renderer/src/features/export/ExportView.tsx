/**
 * The Export view: format settings (CRF, frame rate, upscaling and its filter), subtitles and
 * chapters from the storyboard, the export job's progress with cancel, and the finished files,
 * each with its path and (in a browser) a download link. Provenance goes into every file.
 */
import { useState, type FormEvent } from 'react';
import type { CallInput } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { formatWhen } from '../../shared/format';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { JobProgress } from '../jobs/JobProgress';
import { useJobStart } from '../jobs/use-job-start';
import { useSession } from '../project/session-context';
import { defaultExportName, mediaPathOf } from './export-paths';

type ExportSettings = CallInput<'export.start'>['settings'];
type Filter = NonNullable<ExportSettings['upscale']>['filter'];

export function ExportView() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const { take } = useObservable(session.takes);
  const jobs = useObservable(session.jobs);
  const revision = useObservable(session.revision);
  const [exports] = useLoad(() => session.api.export.list({ projectId: session.projectId }), [session, revision]);
  const [crf, setCrf] = useState(18);
  const [upscale, setUpscale] = useState(4);
  const [filter, setFilter] = useState<Filter>('neighbor');
  const [subtitles, setSubtitles] = useState<ExportSettings['subtitles']>('both');
  const [chapters, setChapters] = useState(true);
  const [fileName, setFileName] = useState('');
  const { error, queue } = useJobStart();
  const latest = jobs.filter((view) => view.job.kind === 'export').slice(0, 2);
  const name = fileName.trim() || defaultExportName(settings.name, take?.id ?? null);

  async function start(event: FormEvent) {
    event.preventDefault();
    await queue(session.api.export.start({
      projectId: session.projectId,
      settings: {
        crf, subtitles, chapters, fileName: name.endsWith('.mp4') ? name : `${name}.mp4`,
        ...(take ? { takeId: take.id } : {}),
        ...(upscale > 1 ? { upscale: { factor: upscale, filter } } : {}),
      },
    }));
  }

  return (
    <div className="view-grid two">
      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">Export MP4</h2>
        {!take && <p className="warning-text">Nothing generated yet: generate the storyboard first.</p>}
        <form onSubmit={start}>
          <div className="fields">
            <label className="field">
              <span>Quality (CRF {crf}: lower is better)</span>
              <input type="range" min={0} max={51} value={crf} onChange={(e) => setCrf(Number(e.target.value))} aria-label="CRF" />
            </label>
            <label className="field">
              <span>File name</span>
              <input value={fileName} onChange={(e) => setFileName(e.target.value)} placeholder={name} aria-label="File name" />
            </label>
            <label className="field">
              <span>Upscale</span>
              <select value={upscale} onChange={(e) => setUpscale(Number(e.target.value))} aria-label="Upscale">
                {[1, 2, 4, 8].map((factor) => (
                  <option key={factor} value={factor}>
                    {factor === 1 ? 'none' : `${factor}× (${settings.width * factor}×${settings.height * factor})`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Upscale filter</span>
              <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} disabled={upscale === 1} aria-label="Upscale filter">
                <option value="neighbor">Nearest neighbour (crisp pixels)</option>
                <option value="bicubic">Bicubic</option>
                <option value="lanczos">Lanczos (smooth)</option>
              </select>
            </label>
            <label className="field">
              <span>Subtitles from the storyboard</span>
              <select value={subtitles} onChange={(e) => setSubtitles(e.target.value as ExportSettings['subtitles'])} aria-label="Subtitles">
                <option value="both">SRT and WebVTT</option>
                <option value="srt">SRT</option>
                <option value="vtt">WebVTT</option>
                <option value="none">None</option>
              </select>
            </label>
            <label className="toggle field-toggle">
              <input type="checkbox" checked={chapters} onChange={(e) => setChapters(e.target.checked)} />
              Chapters from the captions
            </label>
          </div>
          {error && <ErrorNotice error={error} />}
          <button type="submit" className="primary" disabled={!take}>
            Export {take ? `take ${take.id}` : ''}
          </button>
        </form>
        {latest.map((view) => (
          <JobProgress key={view.job.id} view={view} />
        ))}
      </section>
      <section className="panel" aria-labelledby="exports-title">
        <h2 id="exports-title">Exported files</h2>
        {exports.state === 'ok' && exports.value.length === 0 && <p className="muted">Exports appear here with their path.</p>}
        {exports.state === 'error' && <ErrorNotice error={exports.error} />}
        <ul className="export-list">
          {exports.state === 'ok' &&
            exports.value.map((row) => {
              const media = mediaPathOf(session.info.path, row.path);
              return (
                <li key={row.id} data-testid="export-row">
                  <span className="export-path" title={row.path}>
                    {row.path}
                  </span>
                  <span className="fact-detail">
                    take {row.takeId ?? '—'} · {formatWhen(row.createdAt)}
                  </span>
                  <span className="export-actions">
                    {media && (
                      <a className="button small" href={session.api.mediaUrl(session.projectId, media)} download>
                        Download
                      </a>
                    )}
                    <button type="button" className="small" onClick={() => void navigator.clipboard?.writeText(row.path)}>
                      Copy path
                    </button>
                  </span>
                </li>
              );
            })}
        </ul>
      </section>
    </div>
  );
}
