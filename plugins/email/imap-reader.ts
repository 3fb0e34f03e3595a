/**
 * Reads the support mailbox: unseen mail, oldest first, in batches; each mail is handed to the
 * intake and marked \Seen only once the intake says it is durable. Rounds run on the injected
 * clock (every `pollMs`; in `idle` mode also as soon as the server announces new mail). A lost
 * or refused connection is reported once per outage (SWB_EMAIL_CONNECT with the host and the
 * server's answer) and retried with a doubling delay.
 */
import { ImapFlow } from 'imapflow';
import { SwitchboardError, type PluginHost, type TimerHandle } from '../../src/index.ts';
import type { TakeResult } from './intake.ts';
import type { EmailOptions } from './options.ts';

export interface ImapReader {
  start(): void;
  /** One reading round now (also what the timers run); resolves when it is over. */
  round(): Promise<void>;
  status(): { connected: boolean; lastError?: string; read: Record<TakeResult, number> };
  close(): Promise<void>;
}

const longestReconnectMs = 600_000;

export function createImapReader(deps: {
  options: EmailOptions;
  host: Pick<PluginHost, 'clock' | 'logger'>;
  take(raw: Buffer, info?: { oversized?: number }): Promise<TakeResult>;
}): ImapReader {
  const { options: o, host } = deps;
  const imap = o.imap;
  let client: ImapFlow | undefined;
  let timer: TimerHandle | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let failures = 0;
  let lastError: string | undefined;
  const read: Record<TakeResult, number> = { ticket: 0, reply: 0, note: 0, quarantine: 0, duplicate: 0 };

  const schedule = (ms: number) => {
    if (closed) return;
    if (timer) host.clock.clearTimer(timer);
    timer = host.clock.setTimer(() => {
      timer = undefined;
      return round();
    }, ms);
  };

  const connect = async (): Promise<ImapFlow> => {
    if (client?.usable) return client;
    const c = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      disableAutoIdle: o.mode !== 'idle',
      emitLogs: false,
    });
    c.on('error', (err: Error) => {
      lastError = err.message;
    });
    c.on('close', () => {
      if (client === c) client = undefined;
    });
    // In idle mode the server tells us of new mail: read it now instead of at the next poll.
    if (o.mode === 'idle') c.on('exists', () => (running ? (again = true) : schedule(0)));
    try {
      await c.connect();
      await c.mailboxOpen(imap.mailbox);
    } catch (err) {
      c.close();
      throw err;
    }
    client = c;
    return c;
  };

  const readAll = async (c: ImapFlow) => {
    for (;;) {
      // NOOP first: a SEARCH alone answers from the session's view before the new mail's EXISTS
      await c.noop();
      const unseen = (await c.search({ seen: false }, { uid: true })) || [];
      if (unseen.length === 0 || closed) return;
      const batch = unseen.sort((a, b) => a - b).slice(0, o.batchSize);
      const range = batch.join(',');
      const sizes = new Map<number, number>();
      for await (const m of c.fetch(range, { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);
      const small = batch.filter((u) => (sizes.get(u) ?? 0) <= o.maxMessageBytes);
      const large = batch.filter((u) => (sizes.get(u) ?? 0) > o.maxMessageBytes);
      const sources = new Map<number, Buffer>();
      if (small.length)
        for await (const m of c.fetch(small.join(','), { uid: true, source: true }, { uid: true }))
          if (m.source) sources.set(m.uid, m.source);
      if (large.length)
        for await (const m of c.fetch(large.join(','), { uid: true, headers: true }, { uid: true }))
          if (m.headers) sources.set(m.uid, Buffer.concat([m.headers, Buffer.from('\r\n')]));
      const done: number[] = [];
      try {
        for (const uid of batch) {
          const source = sources.get(uid);
          if (!source) continue; // expunged meanwhile
          const size = sizes.get(uid) ?? 0;
          const result = await deps.take(source, size > o.maxMessageBytes ? { oversized: size } : {});
          read[result]++;
          done.push(uid);
        }
      } finally {
        // durable first, seen second: a crash before this line means a re-read, which the index deduplicates
        if (done.length) await c.messageFlagsAdd(done.join(','), ['\\Seen'], { uid: true });
      }
      if (unseen.length <= o.batchSize) return;
    }
  };

  const round = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let next = o.pollMs;
      try {
        do {
          again = false;
          const c = await connect();
          if (failures > 0) host.logger.info(`IMAP ${imap.host}:${imap.port} answers again`);
          failures = 0;
          lastError = undefined;
          await readAll(c);
        } while (again && !closed);
      } catch (err) {
        if (closed) return;
        const answer = serverAnswer(err);
        if (failures === 0) {
          const error = new SwitchboardError(
            'SWB_EMAIL_CONNECT',
            `IMAP ${imap.host}:${imap.port} (user ${imap.user}, mailbox ${imap.mailbox}): ${answer}; check the email plugin's imap options — retrying`,
            { host: imap.host, port: imap.port, answer },
          );
          host.logger.error(error.message, { code: error.code });
        }
        lastError = answer;
        next = Math.min(longestReconnectMs, o.reconnectMs * 2 ** failures);
        failures++;
        client?.close();
        client = undefined;
      } finally {
        running = undefined;
        schedule(next);
      }
    })();
    return running;
  };

  return {
    start: () => schedule(0),
    round,
    status: () => ({ connected: client?.usable === true, ...(lastError ? { lastError } : {}), read: { ...read } }),
    async close() {
      closed = true;
      if (timer) host.clock.clearTimer(timer);
      await running?.catch(() => undefined);
      const c = client;
      client = undefined;
      if (c) await c.logout().catch(() => c.close());
    },
  };
}

/** What the server said (or why it could not be reached), for the one report of an outage. */
export function serverAnswer(err: unknown): string {
  const e = err as { responseText?: string; response?: string; code?: string; message?: string };
  if (e?.responseText) return `the server answered "${e.responseText}"`;
  if (e?.response) return `the server answered "${String(e.response).trim()}"`;
  if (e?.code && e.code !== 'NoConnection') return `${e.code}: ${e.message ?? ''}`.trim();
  return e?.message ?? String(err);
}
