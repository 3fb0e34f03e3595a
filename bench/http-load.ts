// A bounded-concurrency HTTP load loop on loopback, with per-request latency and event-loop stalls.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  ok: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Largest event-loop delay seen during the run (server and load loop share the process). */
  maxStallMs: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** POSTs `body(i)` to `url` `requests` times with `concurrency` in flight; stops early after `maxMs`. */
export async function httpLoad(url: string, body: (i: number) => unknown, opts: { requests: number; concurrency: number; maxMs?: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + (opts.maxMs ?? Infinity);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const worker = async () => {
    while (next < opts.requests && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(i)) });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status === 201) ok++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  delay.disable();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    ok,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds),
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxStallMs: round(delay.max / 1e6),
  };
}
