import type { Policy } from '../policy/types.ts';
import { builtinCalendarId } from '../policy/defaults.ts';
import { SwitchboardError } from '../errors/index.ts';
import { decide, decideSync, type Decided } from '../pipeline/decide.ts';
import type { HistoricalTicket } from '../simulate/history.ts';
import { completeTimer, startTimer, stopTimer } from '../sla/timers.ts';
import { firstStatusOfKind } from '../tickets/lifecycle.ts';
import { instantOf } from '../util/local-time.ts';
import type { HistoryEntry, Reply, Ticket, TicketInput, TicketSla } from '../model/ticket.ts';

/** A tracking-table row plus whatever richer history the source file carries. */
export interface ImportRecord extends HistoricalTicket {
  number?: string;
  priority?: string;
  group?: string;
  assignee?: string;
  status?: string;
  firstResponder?: string;
  resolver?: string;
  closedAt?: string;
  csatComment?: string;
  notes?: string;
  policyVersion?: string;
  replies?: Reply[];
  history?: HistoryEntry[];
}

const fail = (where: string, msg: string) =>
  new SwitchboardError('SWB_SIMULATE_INPUT', `${where}: ${msg}`, { path: where });

/**
 * Builds the stored ticket for a historical record, keeping its original timestamps. What the
 * record does not say (category, priority, SLA, group) the policy decides, as at intake; SLA
 * clocks start at arrival and stop at the recorded response and resolution.
 */
export async function historicalTicket(
  policy: Policy,
  r: ImportRecord,
  ctx: { now: Date; where: string; live?: boolean },
): Promise<Ticket> {
  const channel = policy.channels.get(r.channel);
  if (!channel)
    throw fail(
      ctx.where,
      `channel "${r.channel}" is not in the policy; use one of ${[...policy.channels.keys()].join(', ')}`,
    );
  if (r.csat !== undefined && (!Number.isInteger(r.csat) || r.csat < 1 || r.csat > 5))
    throw fail(ctx.where, `"csat" must be a whole number 1-5, got ${r.csat}`);
  r = inPolicyZone(r, policy.timezone);
  const created = Date.parse(r.createdAt);
  for (const k of ['firstResponseAt', 'resolvedAt', 'closedAt'] as const) {
    const v = r[k];
    if (v !== undefined && Date.parse(v) < created)
      throw fail(ctx.where, `"${k}" (${v}) is before "createdAt" (${r.createdAt})`);
  }
  const input: TicketInput = {
    channel: r.channel,
    subject: r.subject,
    customer: r.customer,
    createdAt: r.createdAt,
    ...(r.description ? { description: r.description } : {}),
    ...(r.category && policy.categories.has(r.category) ? { category: r.category } : {}),
    ...(r.priority && policy.priorities.includes(r.priority) ? { priority: r.priority } : {}),
  };
  const decided: Decided =
    decideSync(policy, input, new Date(created)) ?? (await decide(policy, input, new Date(created)));
  const group = r.group && policy.groups.has(r.group) ? r.group : decided.group.value;

  const sla: TicketSla = {
    policyId: decided.sla.decision.value,
    calendarId: decided.sla.compiled?.def.calendar ?? builtinCalendarId,
  };
  const compiled = decided.sla.compiled;
  if (compiled) {
    const stop = (target: number | undefined, at: string | undefined) => {
      if (target === undefined) return undefined;
      const t = startTimer(compiled, target, created);
      return at ? completeTimer(t, Date.parse(at)) : t;
    };
    const firstTarget = compiled.target('firstResponse', decided.priority.value, channel);
    // resolved without a response: the resolution stopped the first-response clock (no breach)
    const fr =
      !r.firstResponseAt && r.resolvedAt && firstTarget !== undefined
        ? stopTimer(startTimer(compiled, firstTarget, created), Date.parse(r.resolvedAt), compiled.calendar)
        : stop(firstTarget, r.firstResponseAt);
    const res = stop(compiled.target('resolution', decided.priority.value, channel), r.resolvedAt);
    if (fr) sla.firstResponse = fr;
    if (res) sla.resolution = res;
  }

  const status =
    r.status && policy.statuses.has(r.status)
      ? r.status
      : firstStatusOfKind(
          policy,
          r.closedAt ? 'closed' : r.resolvedAt ? 'resolved' : r.firstResponseAt ? 'open' : 'new',
        );
  const history: HistoryEntry[] = r.history?.length ? [...r.history] : synthesizedHistory(policy, r, status);
  history.push({ at: ctx.now.toISOString(), actor: 'import', type: 'imported', policyVersion: policy.version });
  const last = [r.createdAt, r.firstResponseAt, r.resolvedAt, r.closedAt]
    .filter((x): x is string => !!x)
    .sort()
    .pop()!;
  return {
    id: r.id,
    number: r.number ?? r.id,
    version: 1,
    status,
    channel: r.channel,
    category: decided.category.value,
    priority: decided.priority.value,
    group,
    assignee: r.assignee ?? r.firstResponder ?? null,
    collaborators: [],
    subject: r.subject,
    ...(r.description ? { description: r.description } : {}),
    customer: { ...r.customer },
    fields: r.notes ? { notes: r.notes } : {},
    tags: ['imported'],
    locale: String(decided.facts.locale),
    sla,
    createdAt: new Date(created).toISOString(),
    updatedAt: new Date(Date.parse(last)).toISOString(),
    ...(r.firstResponseAt ? { firstResponseAt: r.firstResponseAt } : {}),
    ...(r.firstResponder ? { firstResponder: r.firstResponder } : {}),
    ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
    ...(r.resolver ? { resolver: r.resolver } : {}),
    ...(r.closedAt ? { closedAt: r.closedAt } : {}),
    replies: r.replies ?? [],
    ...(r.csat !== undefined
      ? {
          csat: {
            score: r.csat,
            at: r.resolvedAt ?? r.createdAt,
            ...(r.csatComment ? { comment: r.csatComment } : {}),
          },
        }
      : {}),
    scripts: {},
    imported: { at: ctx.now.toISOString(), live: ctx.live === true },
    decisions: {
      policyVersion: r.policyVersion ?? policy.version,
      category: decided.category,
      priority: decided.priority,
      sla: decided.sla.decision,
      group: r.group && policy.groups.has(r.group) ? { value: r.group, by: 'input' } : decided.group,
      assignee: {
        value: r.assignee ?? r.firstResponder ?? null,
        by: r.assignee || r.firstResponder ? 'input' : 'none',
      },
    },
    history,
  };
}

/** The record with every time as a UTC instant; times written without a zone are the policy zone's. */
function inPolicyZone(r: ImportRecord, timezone: string): ImportRecord {
  const out: ImportRecord = { ...r };
  for (const k of ['createdAt', 'firstResponseAt', 'resolvedAt', 'closedAt'] as const) {
    const v = r[k];
    if (v === undefined) continue;
    const at = instantOf(v, timezone);
    if (!Number.isNaN(at)) out[k] = new Date(at).toISOString();
  }
  return out;
}

/** Created, answered, resolved, closed: the status moves the recorded times imply. */
function synthesizedHistory(policy: Policy, r: ImportRecord, finalStatus: string): HistoryEntry[] {
  const out: HistoryEntry[] = [{ at: r.createdAt, actor: `channel:${r.channel}`, type: 'created' }];
  let status = firstStatusOfKind(policy, 'new');
  const move = (at: string | undefined, to: string, actor: string) => {
    if (!at || to === status) return;
    out.push({ at, actor, type: 'status', changes: { status: [status, to] } });
    status = to;
  };
  move(r.firstResponseAt, firstStatusOfKind(policy, 'open'), r.firstResponder ?? 'agent');
  move(r.resolvedAt, firstStatusOfKind(policy, 'resolved'), r.resolver ?? 'agent');
  move(r.closedAt, firstStatusOfKind(policy, 'closed'), 'system');
  if (status !== finalStatus)
    move(r.closedAt ?? r.resolvedAt ?? r.firstResponseAt ?? r.createdAt, finalStatus, 'import');
  return out;
}
