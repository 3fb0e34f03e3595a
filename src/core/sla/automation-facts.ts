import { DateTime } from 'luxon';
import type { Policy } from '../policy/types.ts';
import { timerKinds } from '../policy/types.ts';
import type { Facts } from '../rules/types.ts';
import { statusKind } from '../tickets/lifecycle.ts';
import type { Ticket } from '../model/ticket.ts';
import { slaOf } from './ticket-clocks.ts';
import { markLazyFacts, markPlainFacts } from '../rules/lazy-fact.ts';

const MINUTE = 60_000;
/** businessMinutesToBreach when no clock runs: far enough that `lessThan` rules never match. */
export const noBreachMinutes = 1_000_000;

export function lastCustomerMessageMs(t: Ticket): number {
  const last = [...t.replies].reverse().find((r) => r.author.type === 'customer');
  return Date.parse(last?.at ?? t.createdAt);
}

export function lastAgentMessageMs(t: Ticket): number | undefined {
  const last = [...t.replies].reverse().find((r) => r.author.type === 'agent' && !r.internal);
  return last ? Date.parse(last.at) : undefined;
}

/**
 * The facts a time-based automation (and a trigger) sees: the live ticket plus minutes measured
 * at `nowMs`. The measured ones (business minutes to a breach, minutes since, local hour and
 * weekday) are computed when a rule first reads them.
 */
/** The facts automationFacts computes on first read. */
const measuredFacts: ReadonlySet<string> = new Set([
  'hour',
  'weekday',
  'minutesSinceCreated',
  'minutesSinceCustomerMessage',
  'minutesSinceAgentMessage',
  'businessMinutesToBreach',
]);
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The measured facts live on the prototype as enumerable getters: an object literal with getters
 * costs about fifteen times a plain one to build, and these facts are built several times per
 * change. Enumerable, so json-rules-engine (which walks facts with for-in, inherited keys
 * included) sees them too; each is computed once, on first read.
 */
class TicketFacts {
  [fact: string]: unknown;
  readonly #t: Ticket;
  readonly #policy: Policy;
  readonly #nowMs: number;
  #local: DateTime | undefined;
  #hour: number | undefined;
  #weekday: string | undefined;
  #sinceCreated: number | undefined;
  #sinceCustomer: number | undefined;
  #sinceAgent: number | undefined;
  #toBreach: number | undefined;

  constructor(t: Ticket, policy: Policy, nowMs: number) {
    this.#t = t;
    this.#policy = policy;
    this.#nowMs = nowMs;
    this.channel = t.channel;
    this.channelKind = policy.channels.get(t.channel)?.kind ?? '';
    this.category = t.category;
    this.categoryGroup = t.category.split('/')[0] ?? '';
    this.subject = t.subject;
    this.description = t.description ?? '';
    this.text = t.description ? `${t.subject}\n${t.description}` : t.subject;
    this.customer = t.customer;
    this.tier = t.customer.tier ?? 'standard';
    this.tags = t.tags;
    this.fields = t.fields;
    this.locale = t.locale;
    this.priority = t.priority;
    this.status = t.status;
    this.statusKind = statusKind(policy, t.status);
    this.group = t.group;
    this.assignee = t.assignee ?? '';
  }

  #localTime(): DateTime {
    this.#local ??= DateTime.fromMillis(this.#nowMs, { zone: this.#policy.timezone });
    return this.#local;
  }

  static {
    const measured: Record<string, (f: TicketFacts) => unknown> = {
      hour: (f) => {
        f.#hour ??= f.#localTime().hour;
        return f.#hour;
      },
      weekday: (f) => {
        f.#weekday ??= weekdays[f.#localTime().weekday - 1] ?? 'mon';
        return f.#weekday;
      },
      minutesSinceCreated: (f) => {
        f.#sinceCreated ??= Math.floor((f.#nowMs - Date.parse(f.#t.createdAt)) / MINUTE);
        return f.#sinceCreated;
      },
      minutesSinceCustomerMessage: (f) => {
        f.#sinceCustomer ??= Math.floor((f.#nowMs - lastCustomerMessageMs(f.#t)) / MINUTE);
        return f.#sinceCustomer;
      },
      minutesSinceAgentMessage: (f) => {
        if (f.#sinceAgent === undefined) {
          const agent = lastAgentMessageMs(f.#t);
          f.#sinceAgent = agent === undefined ? -1 : Math.floor((f.#nowMs - agent) / MINUTE);
        }
        return f.#sinceAgent;
      },
      businessMinutesToBreach: (f) => {
        f.#toBreach ??= minutesToBreach(f.#t, f.#policy, f.#nowMs);
        return f.#toBreach;
      },
    };
    for (const [name, read] of Object.entries(measured))
      Object.defineProperty(TicketFacts.prototype, name, {
        enumerable: true,
        get(this: TicketFacts) {
          return read(this);
        },
      });
  }
}

export function automationFacts(t: Ticket, policy: Policy, nowMs: number): Facts {
  // read from a stored ticket (JSON values) and the policy: plain by construction
  return markPlainFacts(markLazyFacts(new TicketFacts(t, policy, nowMs) as Facts, measuredFacts));
}

/** Business minutes to the nearest running deadline (negative: minutes since an unmet breach). */
function minutesToBreach(t: Ticket, policy: Policy, nowMs: number): number {
  const sla = slaOf(policy, t);
  let toBreach = noBreachMinutes;
  for (const kind of timerKinds) {
    const timer = t.sla[kind];
    if (!timer || !sla) continue;
    if (timer.state === 'running')
      toBreach = Math.min(toBreach, Math.ceil(sla.calendar.between(nowMs, Date.parse(timer.dueAt)) / MINUTE));
    if (timer.state === 'breached' && !timer.metAt)
      toBreach = Math.min(toBreach, -Math.floor((nowMs - Date.parse(timer.dueAt)) / MINUTE));
  }
  return toBreach;
}
