// A bounded-concurrency HTTP load on loopback, generated on a worker thread (the other core), with
// per-request latency and the largest stall of the server's event loop (this thread).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requests: number;
  /** Answers with the expected status. */
  ok: number;
  seconds: number;
  /** Requests answered per second (all statuses; see `ok`). */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Largest event-loop delay of the server's thread during the run. */
  maxStallMs: number;
}

export interface LoadOptions {
  requests: number;
  concurrency: number;
  /** Stop sending after this long (requests in flight still finish). */
  maxMs?: number;
  headers?: Record<string, string>;
  /** The status that counts as ok (default 201). */
  expect?: number;
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** POSTs `body(i)` to `url` `requests` times with `concurrency` in flight. */
export async function httpLoad(url: string, body: (i: number) => unknown, opts: LoadOptions): Promise<LoadResult> {
  const bodies = Array.from({ length: opts.requests }, (_, i) => JSON.stringify(body(i)));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const worker = new Worker(new URL('./http-load-worker.mjs', import.meta.url), {
    workerData: {
      url,
      bodies,
      headers: opts.headers ?? {},
      requests: opts.requests,
      concurrency: opts.concurrency,
      maxMs: opts.maxMs ?? 1e12,
    },
    execArgv: [],
  });
  const out = await new Promise<{ latencies: Float64Array; seconds: number; statuses: Record<string, number> }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  await worker.terminate();
  delay.disable();
  const sorted = out.latencies.sort();
  const expected = String(opts.expect ?? 201);
  const unexpected = Object.entries(out.statuses).filter(([s]) => s !== expected);
  if (unexpected.length > 0)
    console.warn(`http-load: unexpected answers ${JSON.stringify(Object.fromEntries(unexpected))}`);
  return {
    requests: sorted.length,
    ok: out.statuses[expected] ?? 0,
    seconds: round(out.seconds, 2),
    perSecond: round(sorted.length / out.seconds),
    p50Ms: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxStallMs: round(delay.max / 1e6),
  };
}
