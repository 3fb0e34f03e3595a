import type { ChannelDef, Policy } from '../policy/types.ts';
import { decide, decideSync, type Decided } from '../pipeline/decide.ts';
import type { TicketInput } from '../model/ticket.ts';
import type { HistoricalTicket } from './history.ts';

/** What one policy decides for one historical ticket, and whether it would have breached. */
export interface ReplayOutcome {
  category: string;
  priority: string;
  group: string;
  sla: string;
  firstResponseTargetMs?: number;
  resolutionTargetMs?: number;
  firstResponseBreached?: boolean;
  resolutionBreached?: boolean;
  rules: { category?: string; priority?: string; group?: string };
}

export interface ReplayOptions {
  /** Ignore recorded categories and let classification rules decide. */
  reclassify?: boolean;
  /** Tickets with no response/resolution recorded count as breached when due before this. */
  asOf: number;
  /** Date.parse, or a faster equal one shared across a replay (createIsoParser). */
  parseTime?: (text: string) => number;
}

/** Replay reports decisions, not traces. */
const noTrace = { trace: false } as const;

/**
 * Replays one ticket through a policy's pure decision steps (nothing is stored). Synchronous
 * when every rule set is compiled (a million awaits would dominate a replay), else a promise.
 */
export function replayTicket(
  policy: Policy,
  t: HistoricalTicket,
  opts: ReplayOptions,
): ReplayOutcome | Promise<ReplayOutcome> {
  // Assigned, not spread: replay builds millions of these.
  const input: TicketInput = { channel: t.channel, subject: t.subject, customer: t.customer, createdAt: t.createdAt };
  if (t.description) input.description = t.description;
  if (t.category && !opts.reclassify && policy.categories.has(t.category)) input.category = t.category;
  const created = (opts.parseTime ?? Date.parse)(t.createdAt);
  const decided = decideSync(policy, input, new Date(created), noTrace);
  return decided
    ? outcome(policy, t, decided, created, opts)
    : decide(policy, input, new Date(created), noTrace).then((d) => outcome(policy, t, d, created, opts));
}

function outcome(
  policy: Policy,
  t: HistoricalTicket,
  decided: Decided,
  created: number,
  opts: ReplayOptions,
): ReplayOutcome {
  const channel: ChannelDef = policy.channels.get(t.channel) ?? { id: t.channel, name: t.channel, kind: '' };
  const out: ReplayOutcome = {
    category: decided.category.value,
    priority: decided.priority.value,
    group: decided.group.value,
    sla: decided.sla.decision.value,
    rules: {},
  };
  if (decided.category.ruleId) out.rules.category = decided.category.ruleId;
  if (decided.priority.ruleId) out.rules.priority = decided.priority.ruleId;
  if (decided.group.ruleId) out.rules.group = decided.group.ruleId;
  const sla = decided.sla.compiled;
  if (!sla) return out;
  const breached = (targetMs: number | undefined, doneAt: string | undefined) => {
    if (targetMs === undefined) return undefined;
    const due = sla.calendar.add(created, targetMs);
    return doneAt ? (opts.parseTime ?? Date.parse)(doneAt) > due : opts.asOf > due;
  };
  const fr = sla.target('firstResponse', out.priority, channel);
  const res = sla.target('resolution', out.priority, channel);
  if (fr !== undefined) out.firstResponseTargetMs = fr;
  if (res !== undefined) out.resolutionTargetMs = res;
  const frB = breached(fr, t.firstResponseAt);
  const resB = breached(res, t.resolvedAt);
  if (frB !== undefined) out.firstResponseBreached = frB;
  if (resB !== undefined) out.resolutionBreached = resB;
  return out;
}
