/**
 * Takes of the newest run: every take with where it starts, its seed and reworded captions; choose
 * the one the project shows and exports; regenerate from any chunk with another seed or caption
 * (the chunks before it, and the memory of them, are kept).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { formatTime } from '../../editor/time-scale';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useObservable } from '../../shared/use-observable';
import { useJobStart } from '../jobs/use-job-start';
import { useSession } from '../project/session-context';

export function TakesPanel() {
  const session = useSession();
  const { run, takes, take, chunks } = useObservable(session.takes);
  const { captions } = useObservable(session.editor);
  const model = useObservable(session.model);
  const [fromChunk, setFromChunk] = useState('0');
  const [seed, setSeed] = useState('');
  const [rewording, setRewording] = useState('');
  const { error, setError, queue } = useJobStart();
  const playhead = useObservable(session.playhead);
  const fps = model.state === 'ok' ? model.value.fps : 1;
  // The chunk under the playhead is where "regenerate from here" starts, until the user picks another.
  const underPlayhead = chunks.find((c) => playhead >= c.frameStart / fps && playhead < c.frameEnd / fps)?.chunkIndex;
  useEffect(() => {
    if (underPlayhead !== undefined) setFromChunk(String(underPlayhead));
  }, [underPlayhead]);
  const from = chunks.find((c) => c.chunkIndex === Number(fromChunk));
  const activeCaption = from ? captions.find((c) => c.text === from.caption) : undefined;

  if (!run) {
    return (
      <section className="panel" aria-labelledby="takes-title">
        <h2 id="takes-title">Takes</h2>
        <p className="muted">After a generation, regenerate any part from a chunk onward and compare takes here.</p>
      </section>
    );
  }

  async function choose(takeId: number) {
    const answer = await session.api.generation.chooseTake({ projectId: session.projectId, takeId });
    setError(answer.ok ? null : answer.error);
    session.refresh();
  }

  async function regenerate(event: FormEvent) {
    event.preventDefault();
    if (!run) return;
    const seedValue = seed.trim() === '' ? undefined : Number(seed);
    const overrides = activeCaption && rewording.trim() !== '' ? [{ captionId: activeCaption.id, text: rewording.trim() }] : undefined;
    await queue(session.api.generation.regenerate({
      projectId: session.projectId, runId: run.id, fromChunk: Number(fromChunk),
      ...(seedValue === undefined ? {} : { seed: seedValue }), ...(overrides ? { captionOverrides: overrides } : {}),
    }));
  }

  return (
    <section className="panel" aria-labelledby="takes-title">
      <h2 id="takes-title">Takes of run {run.id}</h2>
      <p className="muted panel-intro">The take shown is the one on the timeline and in exports. A retake is shown once it finishes; choose any take to compare.</p>
      <ul className="take-list">
        {takes.map((t) => (
          <li key={t.id} className={t.id === take?.id ? 'current' : ''}>
            <span>
              Take {t.id} · from chunk {t.fromChunk + 1} · seed {t.seed}
              {t.captionOverrides.length > 0 && ` · ${t.captionOverrides.length} reworded`}
            </span>
            {t.isCurrent ? <span className="tag">shown</span> : (
              <button type="button" className="small" onClick={() => void choose(t.id)}>
                Choose
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="regenerate" onSubmit={regenerate}>
        <h3>Regenerate from here</h3>
        <div className="fields three">
          <label className="field">
            <span>From chunk</span>
            <select value={fromChunk} onChange={(e) => setFromChunk(e.target.value)} disabled={chunks.length === 0}>
              {chunks.map((c) => (
                <option key={c.id} value={c.chunkIndex}>
                  {c.chunkIndex + 1} at {formatTime(c.frameStart / fps)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Seed</span>
            <input value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="new random seed" inputMode="numeric" />
          </label>
          <label className="field">
            <span>Reword “{activeCaption?.text ?? 'caption'}”</span>
            <input value={rewording} onChange={(e) => setRewording(e.target.value)} placeholder="keep the caption" disabled={!activeCaption} />
          </label>
        </div>
        {error && <ErrorNotice error={error} />}
        <button type="submit" disabled={chunks.length === 0}>
          Regenerate from chunk {Number(fromChunk) + 1}
        </button>
      </form>
    </section>
  );
}
