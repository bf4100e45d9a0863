/**
 * The paper's claims are orderings (paper.md, "Results to reproduce in kind"). Each check here is
 * computed from the measured figures and reported as found: it holds or it does not, with both
 * values, never adjusted. A check given a paired-bootstrap interval of its difference
 * (bootstrap.ts) is called only when the interval excludes 0; otherwise it is "not decided".
 */
import type { DifferenceInterval } from './bootstrap';

/** A measured value of one arm. */
export interface Measured {
  label: string;
  value: number;
}

/** One ordering claim against the figures. */
export interface OrderingCheck {
  /** The claim in words, e.g. 'Proposed 4x4x2 > Only LR 4x4x2'. */
  claim: string;
  metric: string;
  relation: '>' | '>=';
  left: Measured;
  right: Measured;
  /** left - right. */
  difference: number;
  /** The 95% interval of the difference over resampled videos, where the figures allow one. */
  interval?: DifferenceInterval;
  holds: boolean;
  /**
   * False when the interval includes 0, so the data cannot tell which side is ahead; true for a
   * check without an interval (one figure each, read as measured).
   */
  decided: boolean;
}

/**
 * Differences smaller than this count as equal, so a verdict never contradicts the two-decimal
 * figures printed beside it (9.47 vs 9.47 is not "greater").
 */
export const ORDERING_RESOLUTION = 0.005;

/**
 * Checks `left relation right` on `metric`. With an interval, '>' holds when all of it lies above
 * 0, '>=' when none of it lies below 0, and either is decided only when it excludes 0; "above"
 * and "below" by at least ORDERING_RESOLUTION, as without one.
 */
export function checkOrdering(metric: string, left: Measured, relation: OrderingCheck['relation'], right: Measured, interval?: DifferenceInterval | null): OrderingCheck {
  const difference = left.value - right.value;
  const claim = `${left.label} ${relation} ${right.label}`;
  if (interval) {
    // An interval within the resolution of 0 (a model whose memory gate is still near 0 against
    // the same model zeroed) is not decided either way.
    const decided = interval.low >= ORDERING_RESOLUTION || interval.high <= -ORDERING_RESOLUTION;
    const holds = relation === '>' ? interval.low >= ORDERING_RESOLUTION : interval.high > -ORDERING_RESOLUTION;
    return { claim, metric, relation, left, right, difference, interval, holds, decided };
  }
  const holds = relation === '>' ? difference >= ORDERING_RESOLUTION : difference > -ORDERING_RESOLUTION;
  return { claim, metric, relation, left, right, difference, holds, decided: true };
}

/** The verdict in words, as reports and the app print it. */
export function verdictWord(check: Pick<OrderingCheck, 'holds' | 'decided'>): 'holds' | 'does not hold' | 'not decided' {
  if (!check.decided) return 'not decided';
  return check.holds ? 'holds' : 'does not hold';
}

/** A claim between two named arms, checked when both were measured. */
export interface ClaimSpec {
  left: string;
  relation: OrderingCheck['relation'];
  right: string;
}

/**
 * Checks each claim whose two arms both have a value of `metric`; claims with a missing arm are
 * skipped. `interval` gives a claim's paired interval where the figures allow one.
 */
export function checkClaims(claims: readonly ClaimSpec[], metric: string, value: (id: string) => Measured | null,
  interval?: (claim: ClaimSpec) => DifferenceInterval | null): OrderingCheck[] {
  return claims.flatMap((claim) => {
    const left = value(claim.left);
    const right = value(claim.right);
    return left && right ? [checkOrdering(metric, left, claim.relation, right, interval?.(claim))] : [];
  });
}

/** What an interval resampled: "30 videos", or "30 videos and 3 seeds". */
export function intervalSpan(interval: Pick<DifferenceInterval, 'videos' | 'seeds'>): string {
  return `${interval.videos} videos${interval.seeds === undefined ? '' : ` and ${interval.seeds} seeds`}`;
}

/** One line of Markdown per check. */
export function orderingLines(checks: readonly OrderingCheck[], unit: string, digits = 2): string[] {
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
  return checks.map((c) => `- ${c.claim} (${c.metric}): **${verdictWord(c)}** — `
    + `${c.left.value.toFixed(digits)} vs ${c.right.value.toFixed(digits)} ${unit} (${signed(c.difference)}`
    + `${c.interval ? `; ${Math.round(c.interval.level * 100)}% interval ${signed(c.interval.low)} to ${signed(c.interval.high)} over ${intervalSpan(c.interval)}` : ''})`);
}

/** One sentence on how many checks hold; `failureNote` explains a failure's context. */
export function orderingSummary(checks: readonly OrderingCheck[], failureNote: string): string {
  if (checks.length === 0) return 'No ordering could be checked: each needs both of its models in this run.';
  const undecided = checks.filter((c) => !c.decided).length;
  const failed = checks.filter((c) => c.decided && !c.holds).length;
  const open = undecided === 0 ? '' : ` ${undecided} of ${checks.length} are not decided: their 95% interval includes 0.`;
  if (failed === 0 && undecided === 0) return `All ${checks.length} checked orderings hold in this run.`;
  if (failed === 0) return `No checked ordering fails in this run.${open}`;
  return `${failed} of ${checks.length} checked orderings do not hold in this run; ${failureNote}${open}`;
}
