/**
 * Opening footage: import a clip (decoded by ffmpeg into the project at its frame size and rate,
 * as a job with progress and cancel), see the imported clips with their thumbnails, say what
 * happens in each (its caption for fine-tuning), delete one.
 * The newest clip opens the memory of the next generation, shown before 0 s on the timeline.
 */
import { useState, type FormEvent } from 'react';
import { formatTime } from '../../editor/time-scale';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useObservable } from '../../shared/use-observable';
import { JobProgress } from '../jobs/JobProgress';
import { useJobStart } from '../jobs/use-job-start';
import { ProjectImage } from '../project/ProjectImage';
import { useSession } from '../project/session-context';
import { FootageCaption } from './FootageCaption';

export function FootagePanel() {
  const session = useSession();
  const footage = useObservable(session.footage);
  const jobs = useObservable(session.jobs);
  const [path, setPath] = useState('');
  const [fit, setFit] = useState<'crop' | 'letterbox'>('crop');
  const { error, setError, queue } = useJobStart();
  const imports = jobs.filter((view) => view.job.kind === 'import').slice(0, 2);

  async function start(event: FormEvent) {
    event.preventDefault();
    if (path.trim() === '') return setError({ code: 'invalid_input', message: 'Give the path of a video file on this computer' });
    await queue(session.api.footage.import({ projectId: session.projectId, sourcePath: path.trim(), fit }));
  }

  async function remove(id: number) {
    const answer = await session.api.footage.delete({ projectId: session.projectId, id });
    if (!answer.ok) setError(answer.error);
    session.refresh();
  }

  return (
    <section className="panel" aria-labelledby="footage-title">
      <h2 id="footage-title">Opening footage</h2>
      <p className="muted panel-intro">The model continues your clip, remembering all of it, not only its last frame.</p>
      <form className="inline-form" onSubmit={start}>
        <input aria-label="Video file path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/clip.mp4" autoComplete="off" />
        <select aria-label="Fit" value={fit} onChange={(e) => setFit(e.target.value as 'crop' | 'letterbox')}>
          <option value="crop">Crop to fill</option>
          <option value="letterbox">Letterbox</option>
        </select>
        <button type="submit">Import</button>
      </form>
      {error && <ErrorNotice error={error} />}
      {imports.map((view) => (
        <JobProgress key={view.job.id} view={view} compact />
      ))}
      <ul className="footage-list">
        {footage.map((clip) => (
          <li key={clip.id} className="footage-item">
            {clip.thumbsPath && <ProjectImage path={clip.thumbsPath} alt="" className="footage-thumbs" />}
            <span className="footage-meta">
              {clip.sourcePath.split(/[\\/]/).at(-1)} · {formatTime(clip.frameCount / clip.fps)} · {clip.width}×{clip.height}
            </span>
            <button type="button" className="ghost small" onClick={() => void remove(clip.id)} aria-label={`Delete footage ${clip.id}`}>
              Delete
            </button>
            <FootageCaption clip={clip} />
          </li>
        ))}
      </ul>
    </section>
  );
}
