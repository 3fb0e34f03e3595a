import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { PendingEvent } from '../core/tickets/events.ts';
import { runPipeline } from '../core/pipeline/run-pipeline.ts';
import type { FiredEvent } from '../core/rules/types.ts';
import type { TraceStep } from '../core/pipeline/trace.ts';
import type { Store, TicketFilter, TicketPage } from '../store/types.ts';
import { isClaimTaken } from '../store/store-errors.ts';
import { changeFields, type TicketPatch } from '../core/operations/change-fields.ts';
import { slaTick } from '../core/operations/sla-tick.ts';
import { checkTicketInput } from '../core/tickets/check-input.ts';
import { checkVersion } from '../core/tickets/stale.ts';
import { addReply, changeStatus, rateCsat, type OpResult } from '../core/operations/operations.ts';
import { recordDelivery, type DeliveryOutcome } from '../core/operations/reply-delivery.ts';
import type { AuthorType, Reply, ReplyAttachment, Ticket, TicketInput } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { AgentStates } from '../core/policy/routing-types.ts';
import type { IdGenerator } from '../core/util/ids.ts';
import { createKeyedQueue, type KeyedQueue } from './keyed-queue.ts';
import { dayKey, ticketNumber } from './ticket-number.ts';
import { checkCapacity } from './ticket-capacity.ts';
import type { TicketLimits } from '../core/tickets/ticket-limits.ts';

export interface ReplyInput {
  author: { type: AuthorType; id?: string; name?: string };
  body: string;
  internal?: boolean;
  /** Bot replies only: counts as the first response (the FAQ, when the policy says so). */
  countsAsResponse?: boolean;
  /** Files that came with the message (a channel plugin stores them and lists them here). */
  attachments?: ReplyAttachment[];
  /** The channel's id of the message (a mail's Message-ID): a second reply with it is not added. */
  externalId?: string;
}

/**
 * Who delivers public replies on a channel (the plugin host provides it). `deliver` is called
 * with the ticket and its new reply before the reply is written and must persist what it
 * needs (an outbox) without sending yet: the reply is then stored as `queued`, and the
 * delivery sends once it sees the stored reply. A throw stores the reply as `failed`.
 */
export interface ChannelDeliveries {
  of(channel: string): { plugin: string; deliver(ticket: Ticket, reply: Reply): Promise<void> } | undefined;
}

/** A public reply someone on our side wrote: the one kind of reply a channel delivers. */
export const isDeliverable = (reply: Pick<Reply, 'author' | 'internal'>) =>
  !reply.internal && (reply.author.type === 'agent' || reply.author.type === 'bot');

/**
 * A change made to a new ticket in the same write as its creation (the FAQ's answer): one
 * durable round instead of two, events of the create then of the change. `alsoWrite` is a
 * further write issued right after the ticket's insert and awaited with it (the journal keeps
 * their order, so it is never durable without the ticket).
 */
export interface CreateFollowUp extends OpResult {
  alsoWrite?: () => Promise<unknown>;
}

type FollowUp = (ticket: Ticket, policy: Policy, now: Date) => CreateFollowUp | undefined;

export interface CreateOptions {
  actor?: string;
  /**
   * A channel's id for what it is creating from (a mail's Message-ID): a create with a key seen
   * before returns the ticket it made then, so a channel re-reading its source after a crash
   * opens nothing twice. The key is written with the ticket (same write round).
   */
  idempotencyKey?: string;
  /** undefined = nothing to add; if it throws, the create fails and nothing is stored. */
  andThen?: FollowUp;
}

/** `first`, then `next` on its result: one follow-up with both changes, events and writes. */
export function chainFollowUps(first: FollowUp, next: FollowUp): FollowUp {
  return (ticket, policy, now) => {
    const a = first(ticket, policy, now);
    const b = next(a?.ticket ?? ticket, policy, now);
    if (!a || !b) return a ?? b;
    const writes = [a.alsoWrite, b.alsoWrite].filter((w) => w !== undefined);
    return {
      ticket: b.ticket,
      events: [...a.events, ...b.events],
      ...(writes.length > 0 ? { alsoWrite: () => Promise.all(writes.map((w) => w())) } : {}),
    };
  };
}

export interface TicketService {
  create(input: TicketInput, opts?: CreateOptions): Promise<{ ticket: Ticket; trace: TraceStep[] }>;
  get(id: string): Promise<Ticket>;
  list(filter?: TicketFilter): Promise<TicketPage>;
  reply(id: string, input: ReplyInput, opts?: { actor?: string }): Promise<Ticket>;
  setStatus(id: string, status: string, opts?: { actor?: string; note?: string }): Promise<Ticket>;
  rate(id: string, score: number, comment?: string, opts?: { actor?: string }): Promise<Ticket>;
  /** Records how a reply's delivery ended (`reply.sent` / `reply.failed`); the same outcome twice is one. */
  recordDelivery(id: string, replyId: string, outcome: DeliveryOutcome, opts?: { actor?: string }): Promise<Ticket>;
  /**
   * Runs a pure operation on one ticket, serialised with every other change to it (read →
   * op → conditional write → publish). `op` returning undefined means "no change". Routing's
   * re-queue and drain use it; so can escalations (see src/routing/reassign.ts).
   */
  apply(
    id: string,
    op: (ticket: Ticket, policy: Policy, now: Date) => OpResult | undefined | Promise<OpResult | undefined>,
  ): Promise<Ticket>;
  /**
   * Changes priority, channel or group; the SLA is picked again and live clocks recomputed
   * keeping elapsed business time. An empty patch just recomputes (after a policy swap).
   */
  /** Changes fields after intake (see changeFields); `ifMatch`: refuse unless the ticket is at that version. */
  update(id: string, patch: TicketPatch, opts?: { actor?: string; ifMatch?: number }): Promise<Ticket>;
  /**
   * Runs the SLA step on one ticket (warnings, breaches, escalations, automations, tasks),
   * serialised with every other change to it. Resolves with the ticket as stored and whether
   * the step changed it, or undefined when it no longer exists. Events before `lateBefore` are marked late.
   */
  advance(id: string, opts?: { lateBefore?: number }): Promise<{ ticket: Ticket; changed: boolean } | undefined>;
  /** Loads persisted routing state; call once before serving. */
  start(): Promise<void>;
}

/** The live routing state intake assigns with (src/app/routing-service.ts provides it). */
export interface IntakeRouting {
  states(): AgentStates;
  advance(cursors: Record<string, number>): void;
  /** Books the new ticket's loads synchronously, before the write. */
  commit(ticket: Ticket): void;
  /** The write failed: forget the booking. */
  release(ticketId: string): void;
  persistCursors(): Promise<void>;
}

export interface TicketServiceDeps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  bus: EventBus;
  policy: () => Policy;
  /** Presence, loads and cursors; without it every agent counts as present and idle. */
  routing?: IntakeRouting;
  hooks?: TicketServiceHooks;
  /** Per-ticket serialisation shared with every other writer of tickets (ticket actions, SLA). */
  queue?: KeyedQueue;
  /** Told about failures of writes nobody waits for (round-robin cursors). */
  onBackgroundError?: (what: string, err: unknown) => void;
  /** What one ticket may hold; changes past it fail with SWB_TICKET_LIMIT (none: unbounded). */
  limits?: TicketLimits;
  /** Channel deliveries; without them public replies are stored with `delivery: none`. */
  deliveries?: ChannelDeliveries;
}

/**
 * Extension points around create (the plugin host provides them). Both must never throw:
 * beforeCreate may only annotate the input; afterCreate runs once the ticket is stored and
 * published, with the `action` events its rules fired, and must not hold the caller up.
 */
export interface TicketServiceHooks {
  beforeCreate(input: TicketInput): Promise<TicketInput>;
  afterCreate(ticket: Ticket, actions: readonly FiredEvent[]): void;
}

const cursorsKey = 'routing:cursors';

/**
 * Ticket use cases: run the pure pipeline or operation, persist, then publish. A change is
 * acknowledged (the promise resolves) only after the store says it is durable, and events
 * go out only for changes that were stored.
 */
export function createTicketService(deps: TicketServiceDeps): TicketService {
  const { store, clock, ids, bus } = deps;
  const queue = deps.queue ?? createKeyedQueue();
  let cursors: Record<string, number> = {};

  const publish = (events: PendingEvent[]) => {
    for (const e of events) bus.publish(e);
  };

  const load = async (id: string) => {
    const ticket = await store.get(id);
    if (!ticket) throw new SwitchboardError('SWB_TICKET_NOT_FOUND', `no ticket with id "${id}"`);
    return ticket;
  };

  /** Read → pure operation → conditional write, serialised per ticket. */
  const change = (
    id: string,
    op: (ticket: Ticket, policy: Policy, now: Date) => OpResult | undefined | Promise<OpResult | undefined>,
  ) =>
    queue(id, async () => {
      const before = await load(id);
      const result = await op(before, deps.policy(), clock.now());
      if (!result) return before;
      const { ticket, events } = result;
      checkCapacity(deps.limits, before, ticket, deps.store);
      await store.update(ticket, before.version);
      publish(events);
      return ticket;
    });

  return {
    apply: change,

    async start() {
      cursors = { ...((await store.getMeta<Record<string, number>>(cursorsKey)) ?? {}) };
    },

    async create(given, opts = {}) {
      const intakeKey = opts.idempotencyKey === undefined ? undefined : `intake:${opts.idempotencyKey}`;
      if (intakeKey) {
        const made = await store.getMeta<string>(intakeKey);
        const existing = made ? await store.get(made) : undefined;
        if (existing) return { ticket: existing, trace: [] };
      }
      const input = deps.hooks ? await deps.hooks.beforeCreate(given) : given;
      const policy = deps.policy();
      const now = clock.now();
      checkTicketInput(policy, input, now);
      const arrived = input.createdAt ? new Date(input.createdAt) : now;
      // durable with the insert below (same journal, earlier record): one sync round, not two
      const sequence = await store.nextSequence(`ticket:${dayKey(arrived, policy.timezone)}`, { durable: false });
      const result = await runPipeline(policy, input, {
        id: ids('t'),
        number: ticketNumber(arrived, policy.timezone, sequence),
        now,
        actor: opts.actor ?? `channel:${input.channel}`,
        cursors: () => cursors,
        advanceCursors: (next) => {
          if (deps.routing) deps.routing.advance(next);
          else cursors = { ...cursors, ...next };
        },
        ...(deps.routing ? { states: deps.routing.states, commit: deps.routing.commit } : {}),
      });
      let then: CreateFollowUp | undefined;
      let ticket = result.ticket;
      let also: Promise<unknown> | undefined;
      try {
        then = opts.andThen?.(result.ticket, policy, now);
        if (then) ticket = then.ticket;
        checkCapacity(deps.limits, undefined, ticket, deps.store);
        // the intake key is claimed in the ticket's own write: of two creates with one key, one is stored
        const inserted = store.insert(ticket, intakeKey ? { claim: intakeKey } : undefined);
        also = then?.alsoWrite?.();
        await inserted;
      } catch (err) {
        also?.catch(() => {});
        deps.routing?.release(result.ticket.id);
        if (intakeKey && isClaimTaken(err, intakeKey)) {
          const made = await store.getMeta<string>(intakeKey);
          const existing = made ? await store.get(made) : undefined;
          if (existing) return { ticket: existing, trace: [] };
        }
        throw err;
      }
      // The ticket is stored: a failed companion write is reported, not turned into a failed
      // create (a client retrying would open the ticket twice).
      await also?.catch((err: unknown) => deps.onBackgroundError?.('a write made with a new ticket', err));
      if (Object.keys(result.cursors).length > 0) {
        // Not awaited: the ticket is stored; a cursor lost to a crash only restarts a round robin
        // one step back, and waiting would add a sync round to every intake.
        const saved = deps.routing ? deps.routing.persistCursors() : store.setMeta(cursorsKey, cursors);
        saved.catch((err: unknown) => deps.onBackgroundError?.('saving round-robin cursors', err));
      }
      publish(result.events);
      if (then) publish(then.events);
      deps.hooks?.afterCreate(result.ticket, result.actions);
      return { ticket, trace: result.trace };
    },

    get: load,
    list: (filter) => store.list(filter),

    reply(id, input, opts = {}) {
      return change(id, async (ticket, policy, now) => {
        const reply: Reply = {
          id: ids('r'),
          author: input.author,
          body: input.body,
          at: now.toISOString(),
          ...(input.internal ? { internal: true } : {}),
          ...(input.countsAsResponse ? { countsAsResponse: true } : {}),
          ...(input.attachments?.length ? { attachments: input.attachments } : {}),
          ...(input.externalId ? { externalId: input.externalId } : {}),
        };
        if (input.externalId && ticket.replies.some((r) => r.externalId === input.externalId)) return undefined;
        const ctx = { now, policy, actor: opts.actor ?? `${input.author.type}:${input.author.id ?? 'unknown'}` };
        if (!isDeliverable(reply)) return addReply(ticket, reply, ctx);
        const delivery = deps.deliveries?.of(ticket.channel);
        if (!delivery) return addReply(ticket, { ...reply, delivery: 'none' }, ctx);
        const queued: Reply = { ...reply, delivery: 'queued', deliveredBy: delivery.plugin };
        const result = addReply(ticket, queued, ctx); // throws before anything is queued (closed ticket)
        try {
          await delivery.deliver(result.ticket, queued);
          return result;
        } catch (err) {
          const failed: Reply = {
            ...queued,
            delivery: 'failed',
            deliveryError: (err as Error)?.message ?? String(err),
          };
          return addReply(ticket, failed, ctx);
        }
      });
    },

    recordDelivery(id, replyId, outcome, opts = {}) {
      return change(id, (ticket, policy, now) =>
        recordDelivery(ticket, replyId, outcome, { now, policy, actor: opts.actor ?? `plugin:${outcome.via}` }),
      );
    },

    setStatus(id, status, opts = {}) {
      return change(id, (ticket, policy, now) =>
        changeStatus(ticket, status, { now, policy, actor: opts.actor ?? 'api' }, opts.note),
      );
    },

    update(id, patch, opts = {}) {
      return queue(id, async () => {
        const before = await load(id);
        checkVersion(before, opts.ifMatch);
        const { ticket, events } = await changeFields(before, patch, {
          now: clock.now(),
          policy: deps.policy(),
          actor: opts.actor ?? 'api',
        });
        checkCapacity(deps.limits, before, ticket, deps.store);
        await store.update(ticket, before.version);
        publish(events);
        return ticket;
      });
    },

    advance(id, opts = {}) {
      return queue(id, async () => {
        const before = await store.get(id);
        if (!before) return undefined;
        const result = await slaTick(before, deps.policy(), clock.now(), opts.lateBefore);
        if (!result.changed) return { ticket: before, changed: false };
        await store.update(result.ticket, before.version);
        publish(result.events);
        return { ticket: result.ticket, changed: true };
      });
    },

    rate(id, score, comment, opts = {}) {
      return change(id, (ticket, policy, now) =>
        rateCsat(ticket, score, comment, { now, policy, actor: opts.actor ?? `customer:${ticket.customer.id}` }),
      );
    },
  };
}
