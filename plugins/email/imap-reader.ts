/**
 * Reads the support mailbox: unseen mail, oldest first, in batches; each mail is handed to the
 * intake and marked \Seen only once the intake says it is durable. Rounds run on the injected
 * clock (every `pollMs`; in `idle` mode also as soon as the server announces new mail). A lost
 * or refused connection is reported once per outage (SWB_EMAIL_CONNECT with the host and the
 * server's answer) and retried with a doubling delay.
 */
import { ImapFlow, type MessageStructureObject as Structure } from 'imapflow';
import { SwitchboardError, type PluginHost, type TimerHandle } from '../../src/index.ts';
import type { TakeInfo, TakeResult } from './intake.ts';
import { planParts, rebuildMail } from './mail-parts.ts';
import type { EmailOptions } from './options.ts';

export interface ImapReader {
  start(): void;
  /** One reading round now (also what the timers run); resolves when it is over. */
  round(): Promise<void>;
  /** `received`: bytes read from the IMAP server since start (mail over the limits is not downloaded). */
  status(): { connected: boolean; lastError?: string; read: Record<TakeResult, number>; received: number };
  close(): Promise<void>;
}

const longestReconnectMs = 600_000;

export function createImapReader(deps: {
  options: EmailOptions;
  host: Pick<PluginHost, 'clock' | 'logger'>;
  take(raw: Buffer, info?: TakeInfo): Promise<TakeResult>;
  /** Makes what `take` wrote durable: called before a batch is marked seen. */
  durable(): void;
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
  let receivedBefore = 0;
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
      if (client !== c) return;
      receivedBefore += c.stats().received;
      client = undefined;
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

  /** The mails of a batch in groups of at most `maxMessageBytes` together: what is held in memory at once. */
  const groups = (batch: number[], sizes: Map<number, number>): number[][] => {
    const out: number[][] = [];
    let group: number[] = [];
    let bytes = 0;
    for (const uid of batch) {
      const size = sizes.get(uid) ?? 0;
      const whole = size <= o.maxMessageBytes;
      if (group.length && (!whole || bytes + size > o.maxMessageBytes)) {
        out.push(group);
        group = [];
        bytes = 0;
      }
      group.push(uid);
      bytes += whole ? size : o.maxMessageBytes; // a mail over the limit goes alone
    }
    if (group.length) out.push(group);
    return out;
  };

  /** The sources of a group: whole mails, or for one over `maxMessageBytes` the parts that fit. */
  const load = async (c: ImapFlow, group: number[], sizes: Map<number, number>, structures: Map<number, Structure>) => {
    const out = new Map<number, { raw: Buffer; info: TakeInfo }>();
    const whole = group.filter((u) => (sizes.get(u) ?? 0) <= o.maxMessageBytes);
    if (whole.length)
      for await (const m of c.fetch(whole.join(','), { uid: true, source: true }, { uid: true }))
        if (m.source) out.set(m.uid, { raw: m.source, info: {} });
    for (const uid of group.filter((u) => !whole.includes(u))) {
      const size = sizes.get(uid) ?? 0;
      const plan = planParts(structures.get(uid) ?? { type: 'application/octet-stream', size }, size, o);
      const bodyParts = plan.fetch.flatMap((p) => [`${p}.MIME`, p]);
      const m = await c.fetchOne(
        String(uid),
        { uid: true, headers: true, ...(bodyParts.length ? { bodyParts } : {}) },
        { uid: true },
      );
      if (m === false || !m.headers) continue; // expunged meanwhile
      const part = (key: string) => m.bodyParts?.get(key.toLowerCase()) ?? Buffer.alloc(0);
      const raw = plan.fetch.length
        ? rebuildMail(
            m.headers,
            plan.fetch.map((p) => ({ mime: part(`${p}.mime`), body: part(p) })),
          )
        : Buffer.concat([m.headers, Buffer.from('\r\n')]);
      out.set(uid, { raw, info: { skipped: plan.skipped } });
    }
    return out;
  };

  const readAll = async (c: ImapFlow) => {
    for (;;) {
      // NOOP first: a SEARCH alone answers from the session's view before the new mail's EXISTS
      await c.noop();
      const unseen = (await c.search({ seen: false }, { uid: true })) || [];
      if (unseen.length === 0 || closed) return;
      const batch = unseen.sort((a, b) => a - b).slice(0, o.batchSize);
      const sizes = new Map<number, number>();
      const structures = new Map<number, Structure>();
      for await (const m of c.fetch(batch.join(','), { uid: true, size: true, bodyStructure: true }, { uid: true })) {
        sizes.set(m.uid, m.size ?? 0);
        if (m.bodyStructure) structures.set(m.uid, m.bodyStructure);
      }
      const done: number[] = [];
      try {
        for (const group of groups(batch, sizes)) {
          const sources = await load(c, group, sizes, structures);
          for (const uid of group) {
            const source = sources.get(uid);
            if (!source) continue; // expunged meanwhile
            const result = await deps.take(source.raw, source.info);
            read[result]++;
            done.push(uid);
          }
        }
      } finally {
        // durable first, seen second: a crash before this line means a re-read, which the index deduplicates
        if (done.length) {
          deps.durable();
          await c.messageFlagsAdd(done.join(','), ['\\Seen'], { uid: true });
        }
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
        receivedBefore += client?.stats().received ?? 0;
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
    status: () => ({
      connected: client?.usable === true,
      ...(lastError ? { lastError } : {}),
      read: { ...read },
      received: receivedBefore + (client?.stats().received ?? 0),
    }),
    async close() {
      closed = true;
      if (timer) host.clock.clearTimer(timer);
      await running?.catch(() => undefined);
      const c = client;
      receivedBefore += c?.stats().received ?? 0;
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
