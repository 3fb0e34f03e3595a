/**
 * Group commit for PostgreSQL writes. Callers push one write each and get a promise; writes
 * pushed while the previous batch is on its way to the server (or in the same tick) go out
 * together as one statement, so one round trip, one plan and one commit serve many callers.
 * No timer delays a write: a lone write leaves at once, and batches grow only under load.
 *
 * Writes sharing a key never ride in the same batch: the later one waits for the next, so
 * writes to one row apply in the order they were pushed (a multi-row statement could not
 * touch a row twice).
 */
export interface Batcher<I, O> {
  push(input: I): Promise<O>;
  /** Writes queued or on their way. */
  readonly pending: number;
  /** Resolves once every write pushed so far has been answered (before closing the pool). */
  drained(): Promise<void>;
}

export interface BatcherOptions<I, O> {
  /**
   * Writes one batch and answers for each input, in order: a value, or an Error for that input
   * alone. A rejection fails every input of the batch.
   */
  run(inputs: I[]): Promise<Array<O | Error>>;
  /** Inputs with equal keys go in different batches, in push order. */
  key?: (input: I) => string;
  /** The most inputs in one batch (default 1,000). */
  max?: number;
  /**
   * Whether a batch that failed as a whole may have failed for one input's sake (a constraint
   * one row broke): its inputs are then run again one by one, so only the culprit fails.
   */
  isolate?: (err: unknown) => boolean;
}

interface Waiting<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export function createBatcher<I, O>(opts: BatcherOptions<I, O>): Batcher<I, O> {
  const max = opts.max ?? 1_000;
  let queue: Waiting<I, O>[] = [];
  let busy = false;
  let scheduled = false;
  let inBatch = 0;
  let onIdle: Array<() => void> = [];

  /** The next batch: in push order, at most one input per key, at most `max`. */
  function take(): Waiting<I, O>[] {
    if (!opts.key) return queue.length <= max ? queue.splice(0) : queue.splice(0, max);
    const keys = new Set<string>();
    const batch: Waiting<I, O>[] = [];
    const rest: Waiting<I, O>[] = [];
    for (const w of queue) {
      const k = opts.key(w.input);
      if (batch.length < max && !keys.has(k)) {
        keys.add(k);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    return batch;
  }

  async function runEach(batch: Waiting<I, O>[]): Promise<void> {
    for (const w of batch) {
      try {
        const [r] = await opts.run([w.input]);
        if (r instanceof Error) w.reject(r);
        else w.resolve(r as O);
      } catch (err) {
        w.reject(err);
      }
    }
  }

  async function flush(): Promise<void> {
    scheduled = false;
    if (busy || queue.length === 0) return;
    busy = true;
    const batch = take();
    inBatch = batch.length;
    try {
      const out = await opts.run(batch.map((w) => w.input));
      batch.forEach((w, i) => {
        const r = out[i];
        if (r instanceof Error) w.reject(r);
        else w.resolve(r as O);
      });
    } catch (err) {
      if (batch.length > 1 && opts.isolate?.(err)) await runEach(batch);
      else for (const w of batch) w.reject(err);
    } finally {
      busy = false;
      inBatch = 0;
      if (queue.length > 0) void flush();
      else if (onIdle.length > 0) {
        const waiting = onIdle;
        onIdle = [];
        for (const f of waiting) f();
      }
    }
  }

  return {
    push(input) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (!busy && !scheduled) {
          scheduled = true;
          queueMicrotask(() => void flush());
        }
      });
    },
    get pending() {
      return queue.length + inBatch;
    },
    drained() {
      if (queue.length === 0 && !busy) return Promise.resolve();
      return new Promise((resolve) => onIdle.push(resolve));
    },
  };
}
