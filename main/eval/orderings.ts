/**
 * The paper's claims are orderings (paper.md, "Results to reproduce in kind"). Each check here is
 * computed from the measured figures and reported as found: it holds or it does not, with both
 * values, never adjusted.
 */

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
  holds: boolean;
}

/**
 * Differences smaller than this count as equal, so a verdict never contradicts the two-decimal
 * figures printed beside it (9.47 vs 9.47 is not "greater").
 */
export const ORDERING_RESOLUTION = 0.005;

/** Checks `left relation right` on `metric`. */
export function checkOrdering(metric: string, left: Measured, relation: OrderingCheck['relation'], right: Measured): OrderingCheck {
  const difference = left.value - right.value;
  const holds = relation === '>' ? difference >= ORDERING_RESOLUTION : difference > -ORDERING_RESOLUTION;
  return { claim: `${left.label} ${relation} ${right.label}`, metric, relation, left, right, difference, holds };
}

/** A claim between two named arms, checked when both were measured. */
export interface ClaimSpec {
  left: string;
  relation: OrderingCheck['relation'];
  right: string;
}

/** Checks each claim whose two arms both have a value of `metric`; claims with a missing arm are skipped. */
export function checkClaims(claims: readonly ClaimSpec[], metric: string, value: (id: string) => Measured | null): OrderingCheck[] {
  return claims.flatMap((claim) => {
    const left = value(claim.left);
    const right = value(claim.right);
    return left && right ? [checkOrdering(metric, left, claim.relation, right)] : [];
  });
}

/** One line of Markdown per check. */
export function orderingLines(checks: readonly OrderingCheck[], unit: string, digits = 2): string[] {
  return checks.map((c) => `- ${c.claim} (${c.metric}): **${c.holds ? 'holds' : 'does not hold'}** — `
    + `${c.left.value.toFixed(digits)} vs ${c.right.value.toFixed(digits)} ${unit} (${c.difference >= 0 ? '+' : ''}${c.difference.toFixed(digits)})`);
}

/** One sentence on how many checks hold; `failureNote` explains a failure's context. */
export function orderingSummary(checks: readonly OrderingCheck[], failureNote: string): string {
  const failed = checks.filter((c) => !c.holds).length;
  if (checks.length === 0) return 'No ordering could be checked: each needs both of its models in this run.';
  if (failed === 0) return `All ${checks.length} checked orderings hold in this run.`;
  return `${failed} of ${checks.length} checked orderings do not hold in this run; ${failureNote}`;
}
