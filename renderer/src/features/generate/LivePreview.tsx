/**
 * The video as it is being made: while a generation runs, the sampler's current estimate of
 * the chunk in progress (good enough to stop early) with the chunk and step it is at; always,
 * the take so far playing in a loop.
 */
import { formatDuration } from '../../shared/format';
import { ProgressBar } from '../../shared/ProgressBar';
import { useObservable } from '../../shared/use-observable';
import { ProjectImage } from '../project/ProjectImage';
import { useSession } from '../project/session-context';
import { ChunkPlayer } from './ChunkPlayer';
import { chunkPosition, planSteps } from './chunk-progress';

export function LivePreview() {
  const session = useSession();
  const jobs = useObservable(session.jobs);
  const { run, take, chunks } = useObservable(session.takes);
  const model = useObservable(session.model);
  const running = jobs.find((view) => view.job.kind === 'generate' && view.job.status === 'running');
  const steps = run ? planSteps(run.settings) : null;
  const position = running && steps !== null ? chunkPosition(running.job.step, running.job.total, steps, take?.fromChunk ?? 0) : null;

  return (
    <section className="panel live" aria-labelledby="live-title">
      <h2 id="live-title">{running ? 'Generating' : 'Video'}</h2>
      {running && (
        <div className="live-now">
          {running.previewPath ? (
            <ProjectImage path={running.previewPath} version={running.job.step} alt="Current estimate of the chunk being generated" className="live-image" />
          ) : (
            <div className="live-image placeholder">Sampling the first chunk…</div>
          )}
          {position && (
            <div className="live-progress" data-testid="chunk-progress">
              <span>
                Chunk <strong>{position.chunk + 1}</strong> of {position.chunks}
              </span>
              <ProgressBar value={position.chunk / position.chunks} label="Chunks done" tone="ok" />
              <span>
                Step {position.stepInChunk} of {position.steps}
              </span>
              <ProgressBar value={position.stepInChunk / position.steps} label="Step within the chunk" />
              <span className="muted">{running.etaSec === null ? 'timing the first steps…' : `${formatDuration(running.etaSec)} left`}</span>
            </div>
          )}
        </div>
      )}
      {model.state === 'ok' && (
        <ChunkPlayer chunks={chunks} fps={model.value.fps} width={model.value.width} height={model.value.height} />
      )}
    </section>
  );
}
