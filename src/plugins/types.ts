/** What a plugin author writes against: the definition, the host API and the hook payloads. */
import type { Router, RequestHandler } from 'express';
import type { Policy } from '../core/policy/types.ts';
import type { EventName, EventOf } from '../core/tickets/events.ts';
import type { ActionContext } from '../core/rules/actions.ts';
import type { FactCompute } from '../core/rules/facts.ts';
import type { RuleStage } from '../core/rules/facts.ts';
import type { Reply, ReplyAttachment, Ticket, TicketInput } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { Logger } from '../telemetry/logger.ts';

/** A JSON Schema (draft-07) object, as ajv takes it. */
export type JSONSchema = Record<string, unknown>;

export interface PluginDefinition<O = Record<string, unknown>> {
  /** Lower-case letters, digits and "-": also the folder name and the route prefix. */
  name: string;
  version: string;
  /** The Switchboard versions the plugin works with, as a semver range (e.g. "^0.1.0"). */
  switchboard: string;
  /** Plugins that must be set up first. */
  dependencies?: string[];
  /** Options are validated against it (with defaults applied), then frozen. */
  optionsSchema?: JSONSchema;
  setup(host: PluginHost, options: O): void | Promise<void>;
}

export interface FactSpec {
  name: string;
  description: string;
  /** Default: every rule list. */
  availableIn?: readonly RuleStage[];
  /** Pure and synchronous; computed once per ticket at intake. A throw makes it undefined. */
  compute: FactCompute;
}

export interface OperatorSpec {
  /** No ":" (json-rules-engine uses it for decorators). */
  name: string;
  description: string;
  /** Synchronous. A throw counts as false for that ticket. */
  evaluate: (factValue: unknown, compareTo: unknown) => boolean;
  /** When false for the fact value, the operator is false without calling evaluate. */
  accepts?: (factValue: unknown) => boolean;
  /** Load-time check of a rule's value; return a problem message or undefined. */
  checkValue?: (value: unknown) => string | undefined;
}

/** Services an action can use besides the ticket. */
export interface ActionServices {
  tickets: HookTickets;
  logger: Logger;
  clock: Clock;
}

export interface ActionSpec<P = Record<string, unknown>> {
  /** Registered as `<plugin>.<name>` unless it already starts with `<plugin>.`. */
  name: string;
  description?: string;
  /** Validates a rule's params (without `action`) at load time. */
  optionsSchema?: JSONSchema;
  run(ctx: ActionContext & { services: ActionServices }, params: P): void | Promise<void>;
}

/** The ticket operations hooks and actions may call (same rules as the API). */
export interface HookTickets {
  get(id: string): Promise<Ticket>;
  /**
   * Intake, as a channel (history records `plugin:<name>`); resolves once the ticket is durable.
   * `idempotencyKey` (the source message's id): a key seen before returns the ticket made then.
   */
  create(input: TicketInput, opts?: { idempotencyKey?: string }): Promise<Ticket>;
  reply(
    id: string,
    input: {
      author: { type: 'agent' | 'customer' | 'bot' | 'system'; id?: string; name?: string };
      body: string;
      internal?: boolean;
      attachments?: ReplyAttachment[];
      /** The source message's id: a second reply with the same id on the ticket is not added. */
      externalId?: string;
    },
  ): Promise<Ticket>;
  setStatus(id: string, status: string, opts?: { note?: string }): Promise<Ticket>;
  /**
   * A new satisfaction survey link for a resolved or closed ticket (the token is returned once,
   * stored hashed); `path` is relative to where customers reach the runtime.
   */
  issueSurvey(id: string): Promise<{ token: string; path: string; expiresAt: string }>;
  /** A delivery reports how a reply ended: `reply.sent` / `reply.failed` (same outcome twice: one). */
  recordDelivery(id: string, replyId: string, outcome: { state: 'sent' | 'failed'; error?: string }): Promise<Ticket>;
}

/**
 * A plugin that brings public replies to customers on some channels (`addDelivery`).
 * `deliver(ticket, reply)` is called before the reply is stored: persist it (an outbox) and
 * return, without sending. Once the reply is stored (`ticket.replied` with `delivery: queued`
 * and `deliveredBy` = this plugin) send it, retrying as needed, and report the end with
 * `tickets.recordDelivery`. At start, outbox entries whose reply is not on the stored ticket
 * belong to a write that failed: drop them. A throw from `deliver` stores the reply as failed.
 */
export interface DeliverySpec {
  /** Channel ids this plugin delivers; `*` for every channel no other plugin claims. */
  channels: readonly string[];
  deliver(ticket: Ticket, reply: Reply): Promise<void> | void;
}

/** Tags and fields a beforeCreate hook adds; fields the input already has are kept. */
export interface CreateAnnotation {
  tags?: string[];
  fields?: Record<string, unknown>;
}

/**
 * Hooks are for the plugin's own lifecycle (onReady, onClose) and for intercepting work
 * (beforeCreate). What happened to tickets arrives as events (`host.events.subscribe`).
 */
export interface HookPayloads {
  /** `policy`: the policy at start; `current()`: the live one, also after a hot reload. */
  onReady: { policy: Policy; current: () => Policy };
  beforeCreate: { input: Readonly<TicketInput> };
  /** @deprecated subscribe to 'ticket.created'. */
  afterCreate: { ticket: Ticket };
  /** @deprecated subscribe to 'ticket.updated' and read `changes.status`. */
  onStatusChange: { ticket: Ticket; from: string; to: string };
  /** @deprecated subscribe to 'sla.warning'. */
  onSlaWarning: EventOf<'sla.warning'>;
  /** @deprecated subscribe to 'sla.breached'. */
  onSlaBreached: EventOf<'sla.breached'>;
  /** @deprecated subscribe to 'config.applied'. */
  onConfigApplied: EventOf<'config.applied'>;
  onClose: Record<string, never>;
}

export type HookName = keyof HookPayloads;

export type HookFn<H extends HookName> = (
  payload: HookPayloads[H],
) => H extends 'beforeCreate'
  ? CreateAnnotation | undefined | Promise<CreateAnnotation | undefined>
  : void | Promise<void>;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface PluginHost {
  /** The plugin's own name (for namespacing). */
  readonly name: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** A directory the plugin may keep files in (`<dataDir>/plugins/<name>`), created on demand. */
  readonly dataDir: string;
  readonly tickets: HookTickets;
  /**
   * Subscribe to runtime events (one name or '*'). A listener may return a promise: its work
   * counts for `settled()` and close waits for it. Errors and rejections are reported as
   * plugin.error; the event's other listeners still run.
   */
  readonly events: {
    subscribe<K extends EventName = EventName>(
      name: K | '*',
      listener: (event: EventOf<K>) => void | Promise<void>,
    ): () => void;
  };
  addFact(spec: FactSpec): void;
  addOperator(spec: OperatorSpec): void;
  addAction<P = Record<string, unknown>>(spec: ActionSpec<P>): void;
  /** Holiday dates ("YYYY-MM-DD") by year, for calendars (`holidaysFrom: <name>`). */
  addHolidaySource(name: string, dates: (year: number) => string[]): void;
  /** Registers this plugin as the delivery of public replies on channels (see DeliverySpec). */
  addDelivery(spec: DeliverySpec): void;
  on<H extends HookName>(hook: H, fn: HookFn<H>): void;
  /** Mounted under `/plugins/<name>` of the Switchboard router. */
  route(method: HttpMethod, path: string, handler: RequestHandler): void;
  router(): Router;
}
