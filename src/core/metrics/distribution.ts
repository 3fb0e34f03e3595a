/**
 * Fixed-bucket histograms kept in each aggregate cell, so merged cells still give a median and a
 * 90th percentile, and the arrivals of each local hour of the day. One sparse map per cell holds
 * every series: key = series × 10 000 + bin, value = count. Merging cells adds counts, removing a
 * ticket subtracts its one count per series, so the histograms always equal a rebuild.
 *
 * Durations (business milliseconds) fall in logarithmic bins: bin 0 holds [0, 1 s), bin i ≥ 1
 * holds [1 s · γ^(i-1), 1 s · γ^i) with γ = 2^(1/16) (bins 4.4 % wide). A quantile reads the
 * geometric middle of the bin that holds the value of its rank, so it is within 2.2 % of the
 * exact value (values under a second read 0).
 */
export type Distribution = Map<number, number>;

export const series = { frt: 0, resolution: 1, aht: 2, hour: 3 } as const;
export type Series = (typeof series)[keyof typeof series];

const stride = 10_000;
const perOctave = 16;
const unitMs = 1000;
/** The largest relative error of a duration quantile (half a bin, geometrically). */
export const quantileRelativeError = 2 ** (1 / (2 * perOctave)) - 1;

export function durationBin(ms: number): number {
  if (!(ms >= unitMs)) return 0;
  return Math.min(stride - 1, 1 + Math.floor(perOctave * Math.log2(ms / unitMs)));
}

/** The value a bin reads as: 0 for bin 0, else its geometric middle (whole milliseconds). */
export function binValue(bin: number): number {
  return bin === 0 ? 0 : Math.round(unitMs * 2 ** ((bin - 0.5) / perOctave));
}

function bump(d: Distribution, key: number, n: number): void {
  const v = (d.get(key) ?? 0) + n;
  if (v === 0) d.delete(key);
  else d.set(key, v);
}

export function addDuration(d: Distribution, s: Series, ms: number, sign: 1 | -1): void {
  bump(d, s * stride + durationBin(ms), sign);
}

export function addHour(d: Distribution, hour: number, sign: 1 | -1): void {
  bump(d, series.hour * stride + hour, sign);
}

export function mergeDistribution(into: Distribution, d: Distribution): void {
  for (const [k, n] of d) bump(into, k, n);
}

/**
 * The nearest-rank quantile (the value of rank ⌈p·n⌉ among the n values, 1-based) of a duration
 * series, read from its bin; null without values.
 */
export function quantile(d: Distribution, s: Series, p: number): number | null {
  const bins: [number, number][] = [];
  let n = 0;
  for (const [k, c] of d) {
    if (Math.floor(k / stride) !== s || c <= 0) continue;
    bins.push([k - s * stride, c]);
    n += c;
  }
  if (n === 0) return null;
  bins.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const [bin, c] of bins) {
    seen += c;
    if (seen >= rank) return binValue(bin);
  }
  return binValue(bins[bins.length - 1]![0]);
}

/** Arrivals in each local hour 0–23. */
export function hourCounts(d: Distribution): number[] {
  const out = new Array<number>(24).fill(0);
  for (let h = 0; h < 24; h++) out[h] = d.get(series.hour * stride + h) ?? 0;
  return out;
}
