/**
 * The paper's expected orderings as this run measured them: each holds or does not, with both
 * figures and their difference, never adjusted; and how many hold.
 */
import { fixed, type OrderingCheck } from './results';

interface Props {
  checks: readonly OrderingCheck[];
  unit: string;
  /** What the orderings are: the paper's, unless said. */
  title?: string;
}

export function OrderingList({ checks, unit, title = 'Orderings the paper expects, as measured' }: Props) {
  const failed = checks.filter((check) => !check.holds).length;
  return (
    <div className="orderings">
      <h3>{title}</h3>
      {checks.length === 0 ? (
        <p className="muted">No ordering could be checked: each needs both of its figures measured in the run.</p>
      ) : (
        <>
          <ul data-testid="orderings">
            {checks.map((check) => (
              <li key={`${check.metric} ${check.claim}`} data-holds={check.holds}>
                <span className={`tag ${check.holds ? 'ok' : 'warn'}`}>{check.holds ? 'holds' : 'does not hold'}</span>
                <span>
                  {check.claim} <span className="muted">({check.metric})</span>
                </span>
                <span className="ordering-figures">
                  {fixed(check.left.value)} vs {fixed(check.right.value)} {unit} ({check.difference >= 0 ? '+' : ''}
                  {fixed(check.difference)})
                </span>
              </li>
            ))}
          </ul>
          <p className="footnote muted">
            {failed === 0 ? `All ${checks.length} checked orderings hold in this run.` : `${failed} of ${checks.length} checked orderings do not hold in this run.`} One seed at a
            small budget: differences of a few tenths are within noise.
          </p>
        </>
      )}
    </div>
  );
}
