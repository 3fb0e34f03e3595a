import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import { absenceAt } from '../core/routing/agent-status.ts';
import { createLoadBook } from '../core/routing/load-book.ts';
import { reassign as reassignPure, type ReassignRequest } from '../core/routing/reassign.ts';
import {
  presenceStatuses,
  type AgentStates,
  type PresenceStatus,
  type RoutingModel,
} from '../core/policy/routing-types.ts';
import type { Store } from '../store/types.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { IntakeRouting, TicketService } from './ticket-service.ts';
import { createDrain } from './routing-drain.ts';
import { type AgentView, describeAgents, describeQueues, type QueueView } from './routing-views.ts';

export interface RoutingServiceDeps {
  store: Store;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  policy: () => Policy;
  /** The ticket service's serialised change (bound late: the ticket service needs `intake`). */
  apply: TicketService['apply'];
}

/** An event forwarded by another process: the envelope and payload fields. */
export interface RemoteEvent {
  type: string;
  ticket?: Ticket;
  [field: string]: unknown;
}

export interface PresenceChange {
  agent: string;
  status: PresenceStatus;
  previous: PresenceStatus;
  since: string;
}

/** Presence, loads, queues, re-queue and drain. */
export interface RoutingService {
  /** What the ticket service uses to place a new ticket. */
  readonly intake: IntakeRouting;
  states(): AgentStates;
  /** Reads cursors, presence and the open tickets' loads from the store. */
  start(): Promise<void>;
  /** Sets an agent's presence; offline moves their open tickets, online drains the queue. Resolves when done. */
  setPresence(agent: string, status: PresenceStatus): Promise<PresenceChange>;
  /**
   * Time-based steps: vacate agents whose absence started, then offer every waiting ticket
   * again (overflow after N minutes and the skills timeout depend on how long it waited).
   */
  tick(): Promise<void>;
  /** An event another process forwarded: books its ticket or takes over the agent's presence. */
  observeRemote(event: RemoteEvent): void;
  /** Reassigns one ticket (escalations: to a group, its lead, or an agent). */
  reassign(id: string, req: ReassignRequest, actor?: string): Promise<Ticket>;
  /** Resolves once queued routing work (drains, re-queues) has finished. */
  idle(): Promise<void>;
  agents(): AgentView[];
  queues(limit?: number): QueueView[];
  /** Stops following the bus. */
  close(): void;
}

const cursorsKey = 'routing:cursors';
const presenceKey = 'routing:presence';
type PresenceRecord = { status: PresenceStatus; since: string };
const isPresence = (s: unknown): s is PresenceStatus => (presenceStatuses as readonly unknown[]).includes(s);

/**
 * The routing shell: live presence, loads and queue (a projection of the stored tickets kept
 * current from bus events), and the moves that change assignments: re-queue an agent's tickets
 * when they go offline or absent, drain the queue when capacity frees, and a `tick` for
 * time-based steps (overflow after N minutes, skills timeout, absences starting). Every move is
 * the pure `reassign` run through the ticket service's per-ticket serialisation.
 */
export function createRoutingService(deps: RoutingServiceDeps): RoutingService {
  const { store, clock, bus } = deps;
  const book = createLoadBook();
  let cursors: Record<string, number> = {};
  let presence: Record<string, PresenceRecord> = {};
  let absentNow = new Set<string>();
  let chain: Promise<unknown> = Promise.resolve();
  const pendingDrain = new Set<string>();
  let drainScheduled = false;

  /** Re-queues and drains run one at a time: each reads the loads the previous one left. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch((err) => deps.logger.error('routing step failed', { error: String(err) }));
    return p;
  };

  const states: AgentStates = {
    presence: (id) => presence[id]?.status ?? deps.policy().routing.defaultPresence,
    load: (id) => book.load(id),
    cursor: (g) => cursors[g] ?? -1,
  };

  const feedersOf = (model: RoutingModel, agents: Iterable<string>) => {
    const out = new Set<string>();
    for (const a of agents)
      for (const g of model.groupsOf.get(a) ?? []) for (const f of model.feeders.get(g) ?? [g]) out.add(f);
    return out;
  };

  const scheduleDrain = (groups: Iterable<string>) => {
    for (const g of groups) pendingDrain.add(g);
    if (drainScheduled) return;
    drainScheduled = true;
    void serial(async () => {
      drainScheduled = false;
      const groups = [...pendingDrain];
      pendingDrain.clear();
      await drain(groups);
    });
  };

  const unsubscribe = bus.subscribe('*', (event) => {
    const ticket = 'ticket' in event ? event.ticket : undefined;
    if (!ticket) return;
    const policy = deps.policy();
    const freed = book.book(ticket, policy);
    if (freed.length > 0) scheduleDrain(feedersOf(policy.routing, freed));
    // A move that left the ticket with nobody (a group move whose assignee does not belong to
    // the new group, an unassign) is routed within its group now, not at the next tick.
    if (event.type === 'ticket.assigned' && ticket.assignee === null && book.get(ticket.id))
      scheduleDrain([ticket.group]);
    // Self-healing: a ticket reopened for an agent who is offline or absent by now (or one the
    // policy no longer defines) moves on like any other ticket of theirs.
    const now = clock.now().getTime();
    for (const h of book.get(ticket.id)?.holders ?? []) {
      const agent = policy.routing.agents.get(h);
      if (!agent || states.presence(h) === 'offline' || absenceAt(agent, now)) {
        void serial(() =>
          move(ticket.id, { vacate: h }, 'routing').catch((err) =>
            deps.logger.warn('re-queue failed', { ticket: ticket.id, error: String(err) }),
          ),
        );
      }
    }
  });

  /** Applies a reassignment to one stored ticket; books it before the write so decisions after it see it. */
  const move = async (id: string, req: ReassignRequest, actor: string): Promise<Ticket> => {
    try {
      let moved = false;
      const ticket = await deps.apply(id, (t, policy, now) => {
        const r = reassignPure(policy, t, req, states, { now, actor });
        if (!r.changed) return undefined;
        cursors = { ...cursors, ...r.cursors };
        book.book(r.ticket, policy);
        moved = Object.keys(r.cursors).length > 0;
        return r;
      });
      if (moved) await store.setMeta(cursorsKey, cursors);
      return ticket;
    } catch (err) {
      // The write failed (conflict, I/O): re-book what the store holds.
      const stored = await store.get(id);
      if (stored) book.book(stored, deps.policy());
      throw err;
    }
  };

  const drain = createDrain({ policy: deps.policy, clock, book, states, move, logger: deps.logger });

  const vacate = async (agent: string) => {
    for (const id of book.heldBy(agent)) {
      await move(id, { vacate: agent }, 'routing').catch((err) =>
        deps.logger.warn('re-queue failed', { ticket: id, error: String(err) }),
      );
    }
  };

  const intake: IntakeRouting = {
    states: () => states,
    advance: (next) => {
      cursors = { ...cursors, ...next };
    },
    commit: (ticket) => void book.book(ticket, deps.policy()),
    release: (id) => void book.forget(id, deps.policy()),
    persistCursors: () => store.setMeta(cursorsKey, cursors),
  };

  return {
    intake,
    states: () => states,

    async start() {
      cursors = { ...((await store.getMeta<Record<string, number>>(cursorsKey)) ?? {}) };
      presence = { ...((await store.getMeta<Record<string, PresenceRecord>>(presenceKey)) ?? {}) };
      const policy = deps.policy();
      for (const t of await store.openTickets()) book.book(t, policy);
    },

    /** Sets an agent's presence; offline moves their open tickets, online drains the queue. Resolves when done. */
    async setPresence(agent, status) {
      const model = deps.policy().routing;
      if (!model.agents.has(agent)) {
        throw new SwitchboardError(
          'SWB_ROUTING_UNKNOWN_AGENT',
          `no agent "${agent}" in the live policy; agents: ${[...model.agents.keys()].slice(0, 20).join(', ')}`,
          { agent },
        );
      }
      const previous = states.presence(agent);
      const since = clock.now().toISOString();
      // Synchronous before any await: no decision after this line offers the agent a ticket.
      presence = { ...presence, [agent]: { status, since } };
      await store.setMeta(presenceKey, presence);
      if (previous !== status) bus.publish({ type: 'agent.presence', data: { agent, status, previous, since } });
      if (status === 'offline' && previous !== 'offline') await serial(() => vacate(agent));
      if (status === 'online') await serial(() => drain(feedersOf(model, [agent])));
      return { agent, status, previous, since };
    },

    /**
     * Time-based steps: vacate agents whose absence started, then offer every waiting ticket
     * again (overflow after N minutes and the skills timeout depend on how long it waited).
     * The runtime runs it every 15 s on its clock (clock-ticks.ts); a host may call it too.
     */
    tick() {
      return serial(async () => {
        const model = deps.policy().routing;
        const now = clock.now().getTime();
        const absent = new Set([...model.agents.values()].filter((a) => absenceAt(a, now)).map((a) => a.id));
        for (const a of absent) if (!absentNow.has(a)) await vacate(a);
        absentNow = absent;
        await drain(book.queue.groups());
      });
    },

    /**
     * An event another process forwarded (several processes on one database): its ticket is
     * booked and an agent's presence taken over, so this process's decisions count the other
     * processes' assignments and see agents who went online or offline there. The moves those
     * changes call for (re-queue, drain) are made by the process where they happened.
     */
    observeRemote(event) {
      if (event.type === 'agent.presence') {
        const p = event;
        if (typeof p.agent !== 'string' || typeof p.since !== 'string' || !isPresence(p.status)) return;
        // the later of two changes wins, wherever each was made
        if ((presence[p.agent]?.since ?? '') > p.since) return;
        presence = { ...presence, [p.agent]: { status: p.status, since: p.since } };
        return;
      }
      const ticket = event.ticket;
      if (ticket && typeof ticket.id === 'string' && typeof ticket.version === 'number')
        book.book(ticket, deps.policy());
    },

    /** Reassigns one ticket (escalations: to a group, its lead, or an agent). */
    reassign: (id, req, actor = 'routing') => move(id, req, actor),

    /** Resolves once queued routing work (drains, re-queues) has finished. */
    idle: () => serial(async () => undefined),

    agents: () => describeAgents(deps.policy(), states, clock.now().getTime(), (id) => presence[id]?.since),
    queues: (limit = 100) => describeQueues(deps.policy(), book, limit),
    close: unsubscribe,
  };
}
