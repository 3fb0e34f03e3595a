import { type CallMeasure, firstCallResolution, measureCalls } from './call-measures.ts';
import type { BusinessCalendar, Policy } from '../policy/types.ts';
import { statusKind } from '../tickets/lifecycle.ts';
import { resolvedByBot } from '../tickets/actors.ts';
import type { SlaTimer, Ticket } from '../model/ticket.ts';
import type { MetricsSettings } from './settings.ts';
import { measure, statusSpans, type Span } from './spans.ts';
import { fieldDimensionValue, groupableFields, type FieldDimension } from './field-dimensions.ts';

/** The dimensions every ticket has; declared enum and boolean fields add `fields.<id>` (field-dimensions.ts). */
export const dimensionNames = ['channel', 'category', 'priority', 'group', 'agent', 'tier', 'policy'] as const;
export type BuiltinDimension = (typeof dimensionNames)[number];
export type Dimension = BuiltinDimension | FieldDimension;
export type Dimensions = Record<BuiltinDimension, string> & { [field: FieldDimension]: string };

export interface Duration {
  wallMs: number;
  businessMs: number;
}

/** Everything the metrics need from one ticket, computed once (pure). */
export interface TicketMeasures {
  id: string;
  version: number;
  dims: Dimensions;
  createdMs: number;
  /** Set while the ticket counts as resolved (resolved or closed with a resolution time). */
  resolvedMs?: number;
  /** Created → first public agent reply (bots too when the policy counts them), minus SLA pauses. */
  frt?: Duration;
  /** The first-response target (business ms) the ticket was held to. */
  frTargetMs?: number;
  /** Created → resolved, minus SLA pauses. */
  resolution?: Duration;
  /** First agent reply → resolved, minus every pending span (time spent waiting on others). */
  aht?: Duration;
  /** Resolved with exactly one public agent reply and never reopened; unknown without replies. */
  fcr?: boolean;
  /**
   * Resolved now by a bot the customer confirmed (the FAQ), with no agent reply: counted here and
   * in the resolution time, never as a first response, handling time or first-contact resolution.
   */
  botResolved?: true;
  /** The category is a complaint category of the policy (`metrics.complaintCategories`). */
  complaint?: true;
  frSla?: 'met' | 'breached';
  resSla?: 'met' | 'breached';
  csat?: number;
  /** The calls the ticket records (call events, or the call fields on a channel with `answerWithin`). */
  calls?: CallMeasure[];
  /** Resolved on the ticket's first call (known for resolved tickets with an answered call event). */
  callFcr?: boolean;
  /** Backlog moves: +1 at arrival and on every reopening, -1 when resolved or closed. */
  flow: { at: number; delta: 1 | -1 }[];
}

export const none = '(none)';

/**
 * Met or breached, judged from the timer's own record once it stopped: business time from its
 * start to its stop, minus its recorded pauses, against its target. This equals the state the
 * SLA engine set, and stays right when a clock was paused after its deadline had passed
 * unnoticed (the engine then credits the overdue time back). A timer still running counts once
 * the engine marked it breached; one the resolution stopped unanswered (`stopped`) counts
 * neither way, like a cancelled one.
 */
function judgeTimer(
  t: SlaTimer | undefined,
  between: (a: number, b: number) => number,
): 'met' | 'breached' | undefined {
  if (!t || t.state === 'cancelled' || t.state === 'stopped') return undefined;
  if (!t.metAt) return t.state === 'breached' ? 'breached' : t.state === 'met' ? 'met' : undefined;
  const pauses: Span[] = (t.pauses ?? []).map((p) => ({
    from: Date.parse(p.from),
    to: p.to ? Date.parse(p.to) : Infinity,
    status: 'paused',
  }));
  const used = measure(Date.parse(t.startedAt), Date.parse(t.metAt), pauses, between).businessMs;
  return used <= t.targetMs ? 'met' : 'breached';
}

/** The ticket's SLA calendar (`24x7` arithmetic when the SLA is gone from the policy). */
export function ticketCalendar(policy: Policy, ticket: Ticket): BusinessCalendar | undefined {
  return (
    policy.slas.find((s) => s.def.id === ticket.sla.policyId)?.calendar ?? policy.calendars.get(ticket.sla.calendarId)
  );
}

export function measureTicket(ticket: Ticket, policy: Policy, settings: MetricsSettings): TicketMeasures {
  const createdMs = Date.parse(ticket.createdAt);
  const cal = ticketCalendar(policy, ticket);
  const between = cal ? (a: number, b: number) => cal.between(a, b) : (a: number, b: number) => b - a;
  const pauseOn = policy.slas.find((s) => s.def.id === ticket.sla.policyId)?.pauseOn;
  const kind = statusKind(policy, ticket.status);
  const resolvedMs =
    ticket.resolvedAt && (kind === 'resolved' || kind === 'closed') ? Date.parse(ticket.resolvedAt) : undefined;

  const responders = ticket.replies.filter(
    (r) => !r.internal && (r.author.type === 'agent' || (settings.countBotReplies && r.author.type === 'bot')),
  );
  const firstAgent = ticket.replies.find((r) => !r.internal && r.author.type === 'agent');
  const firstResponse = Math.min(
    responders.length ? Date.parse(responders[0]!.at) : Infinity,
    ticket.firstResponseAt ? Date.parse(ticket.firstResponseAt) : Infinity,
  );
  const end = Math.max(createdMs, resolvedMs ?? 0, Number.isFinite(firstResponse) ? firstResponse : 0);
  const spans = statusSpans(ticket, end);
  const paused: Span[] = pauseOn ? spans.filter((s) => pauseOn.has(s.status)) : [];
  const pending = spans.filter((s) => statusKind(policy, s.status) === 'pending');
  const reopened = spans.some(
    (s, i) =>
      i > 0 &&
      statusKind(policy, spans[i - 1]!.status) === 'resolved' &&
      statusKind(policy, s.status) !== 'resolved' &&
      statusKind(policy, s.status) !== 'closed',
  );

  const agent = ticket.assignee ?? ticket.firstResponder ?? none;
  const m: TicketMeasures = {
    id: ticket.id,
    version: ticket.version,
    dims: {
      channel: ticket.channel,
      category: ticket.category || none,
      priority: ticket.priority || none,
      group: ticket.group || none,
      agent,
      tier: ticket.customer.tier ?? none,
      policy: ticket.decisions?.policyVersion ?? none,
    },

    createdMs,
    flow: backlogFlow(policy, ticket, spans, createdMs),
  };
  if (isComplaint(ticket.category, settings)) m.complaint = true;
  for (const f of groupableFields(policy)) m.dims[`fields.${f.id}`] = fieldDimensionValue(ticket.fields[f.id], none);
  const byBot = resolvedMs !== undefined && resolvedByBot(ticket);
  if (byBot) m.botResolved = true;
  else if (Number.isFinite(firstResponse)) m.frt = measure(createdMs, firstResponse, paused, between);
  if (ticket.sla.firstResponse) m.frTargetMs = ticket.sla.firstResponse.targetMs;
  if (resolvedMs !== undefined) {
    m.resolvedMs = resolvedMs;
    m.resolution = measure(createdMs, resolvedMs, paused, between);
    const start = firstAgent
      ? Date.parse(firstAgent.at)
      : ticket.firstResponseAt
        ? Date.parse(ticket.firstResponseAt)
        : undefined;
    if (!byBot && start !== undefined && start <= resolvedMs) m.aht = measure(start, resolvedMs, pending, between);
    if (!byBot && ticket.replies.length > 0) m.fcr = responders.length === 1 && !reopened;
  }
  const fr = judgeTimer(ticket.sla.firstResponse, between);
  const res = judgeTimer(ticket.sla.resolution, between);
  if (fr) m.frSla = fr;
  if (res) m.resSla = res;
  if (ticket.csat) m.csat = ticket.csat.score;
  const calls = measureCalls(ticket, policy);
  if (calls.length) m.calls = calls;
  const callFcr = firstCallResolution(ticket, resolvedMs !== undefined, reopened);
  if (callFcr !== undefined) m.callFcr = callFcr;
  return m;
}

/** A category listed in `metrics.complaintCategories`, or a child of one (`complaint/major`). */
export function isComplaint(category: string | undefined, settings: MetricsSettings): boolean {
  if (!category) return false;
  return settings.complaintCategories.some((c) => category === c || category.startsWith(`${c}/`));
}

const isDone = (policy: Policy, status: string) => {
  const k = statusKind(policy, status);
  return k === 'resolved' || k === 'closed';
};

/** Arrival, then every move between "open" (new/open/pending) and "done" (resolved/closed). */
function backlogFlow(policy: Policy, ticket: Ticket, spans: Span[], createdMs: number): TicketMeasures['flow'] {
  const flow: TicketMeasures['flow'] = [{ at: createdMs, delta: 1 }];
  let done = false;
  for (const s of spans) {
    const d = isDone(policy, s.status);
    if (d !== done) flow.push({ at: s.from, delta: d ? -1 : 1 });
    done = d;
  }
  // Imported tickets may carry a resolution time but no status history.
  if (!done && isDone(policy, ticket.status)) {
    const at = Date.parse(ticket.resolvedAt ?? ticket.closedAt ?? ticket.updatedAt);
    flow.push({ at: Number.isFinite(at) ? Math.max(at, createdMs) : createdMs, delta: -1 });
  }
  return flow;
}
