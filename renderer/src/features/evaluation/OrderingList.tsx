/**
 * The paper's expected orderings as this run measured them: each holds or does not, with both
 * figures and their difference, never adjusted, and how many hold. A check measured with a 95%
 * interval over videos is "not decided" while that interval includes 0.
 */
import { fixed, type OrderingCheck } from './results';

interface Props {
  checks: readonly OrderingCheck[];
  unit: string;
  /** What the orderings are: the paper's, unless said. */
  title?: string;
  /** Training seeds behind each model's figures (1 for results stored before seeds, and for one scored model). */
  seeds?: number;
}

/** Results stored before intervals existed carry no `decided`: they were called on the figures alone. */
const decided = (check: OrderingCheck) => check.decided !== false;

function verdict(check: OrderingCheck): string {
  if (!decided(check)) return 'not decided';
  return check.holds ? 'holds' : 'does not hold';
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${fixed(x)}`;

export function OrderingList({ checks, unit, title = 'Orderings the paper expects, as measured', seeds = 1 }: Props) {
  const failed = checks.filter((check) => decided(check) && !check.holds).length;
  const undecided = checks.filter((check) => !decided(check)).length;
  return (
    <div className="orderings">
      <h3>{title}</h3>
      {checks.length === 0 ? (
        <p className="muted">No ordering could be checked: each needs both of its figures measured in the run.</p>
      ) : (
        <>
          <ul data-testid="orderings">
            {checks.map((check) => (
              <li key={`${check.metric} ${check.claim}`} data-holds={check.holds} data-decided={decided(check)}>
                <span className={`tag${!decided(check) ? '' : check.holds ? ' ok' : ' warn'}`}>{verdict(check)}</span>
                <span>
                  {check.claim} <span className="muted">({check.metric})</span>
                </span>
                <span className="ordering-figures">
                  {fixed(check.left.value)} vs {fixed(check.right.value)} {unit} ({signed(check.difference)}
                  {check.interval && `; 95% interval ${signed(check.interval.low)} to ${signed(check.interval.high)} over ${check.interval.videos} videos${check.interval.seeds === undefined ? '' : ` and ${check.interval.seeds} seeds`}`})
                </span>
              </li>
            ))}
          </ul>
          <p className="footnote muted">
            {failed === 0 && undecided === 0 ? `All ${checks.length} checked orderings hold in this run.` : `${failed} of ${checks.length} checked orderings do not hold in this run.`}
            {undecided > 0 && ` ${undecided} are not decided: their 95% interval over videos includes 0.`} {seeds === 1 ? 'One training seed' : `${seeds} training seeds, averaged,`} at a small budget: a difference is called only
            where its interval, or without one its size, allows.
          </p>
        </>
      )}
    </div>
  );
}
