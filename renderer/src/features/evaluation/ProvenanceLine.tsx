/** Where a result came from, in one line: command, seed, when, how long, machine and backend, models by hash. */
import { formatDuration, formatWhen } from '../../shared/format';
import type { EvalProvenance } from './results';

export function ProvenanceLine({ provenance }: { provenance: EvalProvenance }) {
  const { machine } = provenance;
  const threads = machine.threads === null ? '' : `, ${machine.threads} thread${machine.threads === 1 ? '' : 's'}`;
  const data = provenance.data.map((d) => `${d.videos} videos of ${d.seconds} s at ${d.width}×${d.height}, ${d.fps} fps`).join('; ');
  return (
    <p className="provenance" data-testid="eval-provenance">
      Seed {provenance.seed} · {formatWhen(provenance.startedAt)} · {formatDuration(provenance.seconds)} on {machine.cpu} ({machine.cores} cores, backend {machine.backend}
      {threads}) · data: {data}
      {provenance.models.length > 0 && (
        <>
          {' '}
          · models:{' '}
          {provenance.models.map((model) => (
            <span key={model.role} className="model-hash" title={model.path ?? undefined}>
              {model.role} <code>{model.sha256?.slice(0, 12) ?? 'untrained'}</code>
            </span>
          ))}
        </>
      )}
      <span className="provenance-command" title={provenance.command}>
        {provenance.command}
      </span>
    </p>
  );
}
