import type { Notification, Pool, PoolClient } from 'pg';
import { createBatcher } from './batcher.ts';

/** The statement @socket.io/postgres-adapter publishes every broadcast with. */
const adapterNotify = 'SELECT pg_notify($1, $2)';

/**
 * The pool to hand to @socket.io/postgres-adapter. The adapter sends one `pg_notify` statement
 * (a round trip and a transaction) per broadcast: three per created ticket. This pool answers
 * those from a batcher, so broadcasts made while the previous batch is in flight go out as one
 * statement, in order (PostgreSQL delivers one transaction's notifications in the order sent).
 * PostgreSQL drops a repeat of the same channel and payload within one transaction, so an
 * identical broadcast starts a new statement. Everything else goes to the pool as is.
 *
 * The adapter's LISTEN client also hears this process's own broadcasts and parses each one only to
 * drop it. A notification carries the PID of the backend that sent it, and every backend of this
 * pool is ours, so those are dropped before any parsing.
 */
/** The messages in order, cut before any message that repeats one of its part (one transaction each). */
function withoutRepeats<M extends { channel: string; payload: string }>(messages: M[]): M[][] {
  const parts: M[][] = [[]];
  // payloads seen per channel (keyed as they are: a joined key would copy every payload)
  let seen = new Map<string, Set<string>>();
  for (const m of messages) {
    let payloads = seen.get(m.channel);
    if (payloads?.has(m.payload)) {
      parts.push([]);
      seen = new Map();
      payloads = undefined;
    }
    if (!payloads) seen.set(m.channel, (payloads = new Set()));
    payloads.add(m.payload);
    parts[parts.length - 1]!.push(m);
  }
  return parts;
}

export function notifyBatchingPool(pool: Pool): Pool {
  const notifies = createBatcher<{ channel: string; payload: string }, void>({
    async run(messages) {
      for (const part of withoutRepeats(messages)) {
        await pool.query({
          name: 'swb_notify_batch',
          text: `SELECT pg_notify(e->>'c', e->>'p') FROM json_array_elements($1::json) WITH ORDINALITY AS x(e, i) ORDER BY i`,
          values: [JSON.stringify(part.map((m) => ({ c: m.channel, p: m.payload })))],
        });
      }
      return messages.map(() => undefined);
    },
  });
  const query = (text: unknown, values?: unknown) => {
    if (text === adapterNotify && Array.isArray(values) && values.length === 2) {
      return notifies
        .push({ channel: String(values[0]), payload: String(values[1]) })
        .then(() => ({ rows: [], rowCount: 0 }));
    }
    return (pool.query as (t: unknown, v?: unknown) => Promise<unknown>)(text, values);
  };
  // backends of this pool, by PID (a PID leaves with its connection, before it can be reused)
  const own = new Set<number>();
  const pidOf = (client: PoolClient) => (client as PoolClient & { processID?: number }).processID;
  pool.on('connect', (client) => {
    const pid = pidOf(client);
    if (pid !== undefined) own.add(pid);
  });
  pool.on('remove', (client) => {
    const pid = pidOf(client);
    if (pid !== undefined) own.delete(pid);
  });
  const connect = async () => {
    const client = await pool.connect();
    const on = client.on.bind(client) as (event: string, fn: (...args: unknown[]) => void) => PoolClient;
    (client as { on: unknown }).on = (event: string, fn: (...args: unknown[]) => void) =>
      event === 'notification'
        ? on(event, (msg) => own.has((msg as Notification).processId) || fn(msg))
        : on(event, fn);
    return client;
  };
  // the adapter uses query() and connect() (for its LISTEN client)
  return { query, connect } as unknown as Pool;
}
