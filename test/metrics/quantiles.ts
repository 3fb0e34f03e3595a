/** Quantiles of the independent computation, and the precision the aggregates state for theirs. */

/** The value of rank ⌈p·n⌉ (1-based) of the sorted values, null without any. */
export function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

/** The stated precision of a quantile: within 2.2 %, and 0 for a value under one second. */
export function withinPrecision(reported: number | null, exact: number | null): boolean {
  if (exact === null || reported === null) return exact === reported;
  if (exact < 1000) return reported === 0;
  return Math.abs(reported - exact) <= exact * 0.022 + 1;
}
