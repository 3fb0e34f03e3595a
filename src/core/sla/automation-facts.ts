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

export function automationFacts(t: Ticket, policy: Policy, nowMs: number): Facts {
  let local: DateTime | undefined;
  const localTime = () => {
    local ??= DateTime.fromMillis(nowMs, { zone: policy.timezone });
    return local;
  };
  let hour: number | undefined;
  let weekday: string | undefined;
  let sinceCreated: number | undefined;
  let sinceCustomer: number | undefined;
  let sinceAgent: number | undefined;
  let toBreach: number | undefined;
  const facts: Facts = {
    channel: t.channel,
    channelKind: policy.channels.get(t.channel)?.kind ?? '',
    category: t.category,
    categoryGroup: t.category.split('/')[0] ?? '',
    subject: t.subject,
    description: t.description ?? '',
    text: t.description ? `${t.subject}\n${t.description}` : t.subject,
    customer: t.customer,
    tier: t.customer.tier ?? 'standard',
    tags: t.tags,
    fields: t.fields,
    locale: t.locale,
    priority: t.priority,
    status: t.status,
    statusKind: statusKind(policy, t.status),
    group: t.group,
    assignee: t.assignee ?? '',
    get hour() {
      hour ??= localTime().hour;
      return hour;
    },
    get weekday() {
      weekday ??= weekdays[localTime().weekday - 1] ?? 'mon';
      return weekday;
    },
    get minutesSinceCreated() {
      sinceCreated ??= Math.floor((nowMs - Date.parse(t.createdAt)) / MINUTE);
      return sinceCreated;
    },
    get minutesSinceCustomerMessage() {
      sinceCustomer ??= Math.floor((nowMs - lastCustomerMessageMs(t)) / MINUTE);
      return sinceCustomer;
    },
    get minutesSinceAgentMessage() {
      if (sinceAgent === undefined) {
        const agent = lastAgentMessageMs(t);
        sinceAgent = agent === undefined ? -1 : Math.floor((nowMs - agent) / MINUTE);
      }
      return sinceAgent;
    },
    get businessMinutesToBreach() {
      toBreach ??= minutesToBreach(t, policy, nowMs);
      return toBreach;
    },
  };
  // read from a stored ticket (JSON values) and the policy: plain by construction
  return markPlainFacts(markLazyFacts(facts, measuredFacts));
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
