import type { Clock } from './clock.ts';

/** Counts per key in fixed windows of the injected clock: a rate limit that tests move time for. */
export interface RateWindow {
  readonly limit: number;
  /** Counts one for `key`; `ok` is false once the key is past the limit in this window. */
  hit(key: string): { ok: boolean; count: number; retryAfterMs: number };
  /** Whether `key` has used up this window (without counting). */
  exhausted(key: string): { exhausted: boolean; retryAfterMs: number };
}

/**
 * `limit` hits per key per `windowMs`. Counts live for one window only, and at most `maxKeys`
 * keys are told apart in one window (the rest share a bucket), so memory stays bounded however
 * many addresses call.
 */
export function createRateWindow(opts: {
  limit: number;
  windowMs: number;
  clock: Clock;
  maxKeys?: number;
}): RateWindow {
  const maxKeys = opts.maxKeys ?? 100_000;
  let windowStart = -Infinity;
  let counts = new Map<string, number>();
  const roll = () => {
    const now = opts.clock.now().getTime();
    if (now - windowStart >= opts.windowMs || now < windowStart) {
      windowStart = now - (now % opts.windowMs);
      counts = new Map();
    }
    return windowStart + opts.windowMs - now;
  };
  const slot = (key: string) => (counts.has(key) || counts.size < maxKeys ? key : '\u0000overflow');
  return {
    limit: opts.limit,
    hit(key) {
      const retryAfterMs = roll();
      const k = slot(key);
      const count = (counts.get(k) ?? 0) + 1;
      counts.set(k, count);
      return { ok: count <= opts.limit, count, retryAfterMs };
    },
    exhausted(key) {
      const retryAfterMs = roll();
      return { exhausted: (counts.get(slot(key)) ?? 0) >= opts.limit, retryAfterMs };
    },
  };
}
