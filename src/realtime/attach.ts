import type { Namespace, Server, Socket } from 'socket.io';
import { anonymousAdmin } from '../auth/authenticate.ts';
import { maskPayload } from '../auth/mask-payload.ts';
import { piiRules } from '../auth/pii.ts';
import type { Principal } from '../auth/principal.ts';
import { roleSeesContactData } from '../auth/roles.ts';
import type { TokenStore } from '../auth/token-store.ts';
import type { Metrics } from '../telemetry/prometheus.ts';
import type { Policy } from '../core/policy/types.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { Store } from '../store/types.ts';
import type { Ticket } from '../core/model/ticket.ts';
import { handlePresence, type SetPresence } from './presence-handler.ts';
import { packAll, unpackEvents, type ClusterEvent } from './cluster-pack.ts';
import { sendIfPeers } from './peers.ts';
import { createEventRing } from './event-ring.ts';
import { socketAuth } from './socket-auth.ts';
import { authorise, checkRequest, describe, everything, matches, matchesTask, type Filter } from './subscription.ts';
import type { RealtimeEvent, SubscribeAck, SubscribeRequest } from './types.ts';
import { createBatchFlusher } from './batch-flush.ts';
import { eventBytes } from './event-size.ts';
import { isHistorical } from '../core/model/ticket.ts';
import { limitMessages, type SocketLimits } from './message-limit.ts';
import { createSnapshotCache } from './snapshot-cache.ts';
import { systemClock, type Clock } from '../core/util/clock.ts';
import type { RateWindow } from '../core/util/rate-window.ts';

const supervisorOnly: ReadonlySet<string> = new Set([
  'config.rejected',
  'qa.sampled',
  'qa.scored',
  'agent.flagged',
  'report.ready',
]);
/** Quality-review events a reviewer token also receives (rejected edits stay with supervisors). */
const qualityEvents: ReadonlySet<string> = new Set(['qa.sampled', 'qa.scored', 'agent.flagged']);

export interface RealtimeOptions {
  namespace?: string;
  /** undefined = auth disabled (every client is an admin). */
  tokens?: TokenStore | undefined;
  policy?: () => Policy;
  store?: Store;
  metrics?: Metrics;
  /** Events kept for `sinceSeq` replay (default 5000), and their approximate bytes (default 64 MiB). */
  ringSize?: number;
  ringBytes?: number;
  /** Messages per connection (default 60 a minute; disconnected past 120). */
  socketLimits?: SocketLimits;
  /** Refused handshakes per address: past the limit the address is refused with 429. */
  authFailures?: RateWindow;
  clock?: Clock;
  /** Batch window for `batch: true` subscribers (default 10 ms). */
  batchMs?: number;
  /**
   * Several processes share one cluster adapter (PostgreSQL): each process forwards its bus
   * events to the others with serverSideEmit (one packed message per tick, cluster-pack.ts), so a
   * dashboard on any process sees them all.
   */
  cluster?: boolean;
  /** Handles `presence` messages from agents' sockets (routing). */
  presence?: SetPresence;
  /**
   * Each event another process forwarded (cluster mode), after this process's sockets got it:
   * for the in-process projections (loads, metrics) that must also see other processes' changes.
   */
  onRemote?: (event: ClusterEvent) => void;
}

interface Client {
  socket: Socket;
  principal: Principal;
  filter: Filter;
  masked: boolean;
  batch: boolean;
  /** While a snapshot is read, events wait here so none is lost or reordered. */
  paused: boolean;
  queue: RealtimeEvent[];
}

type Held = { event: RealtimeEvent; ticket?: Ticket; masked?: RealtimeEvent };

/**
 * Live events over socket.io. Each connected client has a filter (default: everything its token
 * may see); every bus event is matched per client, masked for roles without contact data, and
 * emitted by name, or coalesced into `batch` emits for clients that asked for batching.
 */
export function attachRealtime(
  io: Server,
  bus: EventBus,
  opts: RealtimeOptions = {},
): { namespace: Namespace; detach: () => void } {
  const nsp = io.of(opts.namespace ?? '/');
  const policy = opts.policy;
  const batchMs = opts.batchMs ?? 10;
  const clients = new Map<string, Client>();
  // Live sockets per agent that announced presence: the last one leaving sets them offline.
  const agentSockets = new Map<string, Set<string>>();
  const ring = createEventRing<Held & { seq: number }>(opts.ringSize ?? 5000, () => bus.lastSeq, {
    maxBytes: opts.ringBytes ?? 64 * 1024 * 1024,
    sizeOf: (h) => eventBytes(h.ticket, opts.store?.storedJson),
  });
  const clock = opts.clock ?? systemClock;
  const socketLimits = opts.socketLimits ?? { messagesPerMinute: 60, disconnectAfter: 120 };
  const store = opts.store;
  const snapshots = store
    ? createSnapshotCache({
        // imported history (not live) is nobody's work: it is not on the wall
        read: async () => (await store.openTickets()).filter((t) => !isHistorical(t)),
        seq: () => bus.lastSeq,
      })
    : undefined;
  opts.metrics?.setSocketClients(() => clients.size);
  if ('tokens' in opts) nsp.use(socketAuth(opts.tokens, opts.authFailures));
  // A revoked or changed token loses its sockets at once (other processes' changes arrive
  // with their re-read of the shared tokens); it may reconnect only with a valid token.
  const stopWatching = opts.tokens?.onChange((ids) => {
    const gone = new Set(ids);
    for (const c of clients.values()) if (gone.has(c.principal.tokenId)) dropRevoked(c);
  });
  const dropRevoked = (c: Client) => {
    c.socket.emit('auth.revoked', {
      code: 'SWB_AUTH_INVALID',
      message: 'the access token was revoked or changed; connect again with a valid token',
    });
    c.socket.disconnect(true);
  };
  const stillValid = (c: Client) =>
    !opts.tokens || c.principal === anonymousAdmin || !!opts.tokens.current(c.principal.tokenId);

  const visible = (c: Client, h: Held) => {
    // Rejected edits and quality reviews (scores, flagged agents) are for admins and supervisors;
    // a reviewer receives the quality reviews.
    if (!h.ticket) {
      const role = c.principal.role;
      if (!supervisorOnly.has(h.event.type) || role === 'admin' || role === 'supervisor') return true;
      return role === 'reviewer' && qualityEvents.has(h.event.type);
    }
    if (!policy) return matches(c.filter, h.ticket, anonymousAdmin, undefined as never);
    const task = 'task' in h.event ? h.event.task : undefined;
    return task && c.principal.role === 'agent'
      ? matchesTask(c.filter, h.ticket, task, c.principal, policy())
      : matches(c.filter, h.ticket, c.principal, policy());
  };
  // masked once per event for every client that needs it, with the policy in force then
  const maskNow = <T>(v: T) => maskPayload(v, piiRules(policy?.()));
  const payloadFor = (c: Client, h: Held) => (c.masked ? (h.masked ??= maskNow(h.event)) : h.event);

  const flush = (c: Client) => {
    if (c.queue.length === 0 || c.paused) return;
    const events = c.queue;
    c.queue = [];
    if (c.batch) c.socket.emit('batch', { events });
    else for (const e of events) c.socket.emit(e.type, e);
  };
  const batches = createBatchFlusher<RealtimeEvent>(nsp, batchMs);
  const deliver = (c: Client, e: RealtimeEvent) => {
    c.queue.push(e);
    if (c.paused) return;
    if (!c.batch) return flush(c);
    batches.add(c);
  };

  const subscribe = async (c: Client, raw: unknown): Promise<SubscribeAck> => {
    if (!stillValid(c)) {
      setImmediate(() => dropRevoked(c));
      return { ok: false, error: { code: 'SWB_AUTH_INVALID', message: 'the access token is unknown or revoked' } };
    }
    const problem = checkRequest(raw);
    if (problem) return { ok: false, error: { code: 'SWB_API_VALIDATION', message: problem } };
    const req = raw as SubscribeRequest;
    const filter = policy ? authorise(req, c.principal, policy()) : everything();
    if (typeof filter === 'string') return { ok: false, error: { code: 'SWB_AUTH_FORBIDDEN', message: filter } };
    c.filter = filter;
    c.batch = req.batch ?? false;
    c.queue = [];
    const rooms = describe(filter);
    const seq = bus.lastSeq;
    if (req.sinceSeq !== undefined) {
      const missed = ring.since(req.sinceSeq);
      if (missed) {
        const mine = missed.filter((h) => visible(c, h));
        for (const h of mine) c.queue.push(payloadFor(c, h));
        setImmediate(() => flush(c));
        return { ok: true, seq, mode: 'replay', rooms, replayed: mine.length };
      }
    }
    if (req.snapshot === false || !snapshots || !policy) return { ok: true, seq, mode: 'live', rooms };
    c.paused = true;
    try {
      const limit = req.limit ?? 1000;
      const p = policy();
      // Same filter, scope, masking and policy → the same snapshot: built once per event seq.
      const scope = c.principal.role === 'agent' ? `agent:${c.principal.tokenId}` : 'all';
      const key = [p.version, scope, c.masked ? 'masked' : 'plain', limit, ...[...rooms].sort()].join('\u0001');
      const { snapshot, truncated } = await snapshots.get(key, (sorted) => {
        const open = sorted.filter((t) => matches(filter, t, c.principal, p));
        const first = open.slice(0, limit);
        return { snapshot: c.masked ? maskNow(first) : first, truncated: open.length > limit };
      });
      return { ok: true, seq, mode: 'snapshot', rooms, snapshot, truncated };
    } finally {
      // Events that arrived while reading go out right after the ack.
      setImmediate(() => {
        c.paused = false;
        flush(c);
      });
    }
  };

  nsp.on('connection', (socket: Socket) => {
    const principal = (socket.data as { principal?: Principal }).principal ?? anonymousAdmin;
    const c: Client = {
      socket,
      principal,
      filter: everything(),
      masked: !roleSeesContactData(principal.role),
      batch: false,
      paused: false,
      queue: [],
    };
    clients.set(socket.id, c);
    limitMessages(socket, socketLimits, clock);
    if (opts.presence) handlePresence(socket, opts.presence, agentSockets, principal);
    socket.on('subscribe', (req: unknown, ack?: unknown) => {
      subscribe(c, req).then(
        (r) => typeof ack === 'function' && ack(r),
        () =>
          typeof ack === 'function' &&
          ack({
            ok: false,
            error: { code: 'SWB_INTERNAL', message: 'subscribe failed; the server log has the details' },
          }),
      );
    });
    socket.on('disconnect', () => {
      batches.remove(c);
      clients.delete(socket.id);
    });
  });

  const accept = (event: ClusterEvent | RealtimeEvent) => {
    const ticket = 'ticket' in event ? (event.ticket as Ticket | undefined) : undefined;
    const held: Held & { seq: number } = {
      seq: event.seq,
      event: event as RealtimeEvent,
      ...(ticket ? { ticket } : {}),
    };
    ring.push(held);
    for (const c of clients.values()) if (visible(c, held)) deliver(c, payloadFor(c, held));
  };
  // Events for the other processes leave once per tick, packed (each ticket version once, two per
  // message), and only while the adapter knows another process: a process alone on its database
  // sends nothing through it (peers.ts).
  let outbox: ClusterEvent[] = [];
  let sendTimer: NodeJS.Immediate | undefined;
  const sendOutbox = () => {
    sendTimer = undefined;
    const events = outbox;
    outbox = [];
    sendIfPeers(nsp, () => {
      for (const pack of packAll(events)) nsp.serverSideEmit('swb:events', pack);
    });
  };
  const unsubscribe = bus.subscribe('*', (event) => {
    accept(event);
    if (!opts.cluster) return;
    outbox.push(event);
    sendTimer ??= setImmediate(sendOutbox);
  });
  // Events of the other processes; their sequence numbers are their own (replay is per process).
  if (opts.cluster) {
    // packs are handled one after the other: reading a referenced ticket must not reorder events
    const read = (id: string) => opts.store?.get(id) ?? Promise.resolve(undefined);
    let inbound: Promise<void> = Promise.resolve();
    nsp.on('swb:events', (pack: unknown) => {
      inbound = inbound
        .then(async () => {
          for (const event of await unpackEvents(pack, read)) {
            accept(event);
            opts.onRemote?.(event);
          }
        })
        .catch(() => undefined);
    });
  }
  return {
    namespace: nsp,
    detach() {
      unsubscribe();
      stopWatching?.();
      if (sendTimer) {
        clearImmediate(sendTimer);
        sendOutbox();
      }
      batches.stop();
    },
  };
}
