import type { Policy } from '../src/core/policy/types.ts';
import type { HistoricalTicket } from '../src/core/simulate/history.ts';
import type { SlaTimer, Ticket } from '../src/core/model/ticket.ts';
import { generateHistory } from '../test/helpers/history.ts';

const categories = [
  'inquiry/account',
  'inquiry/payment-flow',
  'fault/system-error',
  'fault/payment-failed',
  'after-sales/return',
  'complaint',
  'requirement',
];
const priorities = ['P0', 'P1', 'P2', 'P3'];
const frTarget: Record<string, number> = { P0: 10 * 60_000, P1: 30 * 60_000, P2: 2 * 3_600_000, P3: 2 * 3_600_000 };
const resTarget: Record<string, number> = {
  P0: 2 * 3_600_000,
  P1: 24 * 3_600_000,
  P2: 48 * 3_600_000,
  P3: 30 * 24 * 3_600_000,
};

function timer(startMs: number, targetMs: number, doneAt: string | undefined): SlaTimer {
  const due = startMs + targetMs;
  const t: SlaTimer = {
    targetMs,
    startedAt: new Date(startMs).toISOString(),
    dueAt: new Date(due).toISOString(),
    warnAt: [],
    state: 'running',
  };
  if (!doneAt) return t;
  const done = Date.parse(doneAt);
  return done > due
    ? { ...t, state: 'breached', breachedAt: t.dueAt, metAt: doneAt }
    : { ...t, state: 'met', metAt: doneAt };
}

/**
 * Stored-shape tickets from the deterministic history generator, without running the pipeline
 * (a million decisions would measure the rules, not the metrics): category, priority, group and
 * agent are spread deterministically over the base preset's values; SLA clocks are 24x7.
 */
export function* benchTickets(policy: Policy, n: number): Generator<Ticket> {
  const groups = [...policy.groups.values()];
  let i = 0;
  for (const h of generateHistory(n, 42) as Generator<HistoricalTicket>) {
    i++;
    const created = Date.parse(h.createdAt);
    const priority = priorities[i % 7 === 0 ? 0 : i % 5 === 0 ? 1 : i % 3 === 0 ? 3 : 2]!;
    const group = groups[(i * 7) % groups.length]!;
    const assignee = group.members[i % group.members.length] ?? null;
    const status = h.resolvedAt ? 'resolved' : h.firstResponseAt ? 'open' : 'new';
    const history: Ticket['history'] = [{ at: h.createdAt, actor: 'bench', type: 'created' }];
    if (h.firstResponseAt)
      history.push({
        at: h.firstResponseAt,
        actor: assignee ?? 'agent',
        type: 'reply',
        changes: { status: ['new', 'open'] },
      });
    if (h.resolvedAt)
      history.push({
        at: h.resolvedAt,
        actor: assignee ?? 'agent',
        type: 'status',
        changes: { status: ['open', 'resolved'] },
      });
    yield {
      id: h.id,
      number: h.id,
      version: 1,
      status,
      channel: h.channel,
      category: categories[i % categories.length]!,
      priority,
      group: group.id,
      assignee,
      collaborators: [],
      subject: h.subject,
      customer: h.customer,
      fields: {},
      tags: [],
      locale: 'zh-CN',
      sla: {
        policyId: 'standard',
        calendarId: '24x7',
        firstResponse: timer(created, frTarget[priority]!, h.firstResponseAt),
        resolution: timer(created, resTarget[priority]!, h.resolvedAt),
      },
      createdAt: h.createdAt,
      updatedAt: h.resolvedAt ?? h.createdAt,
      ...(h.firstResponseAt ? { firstResponseAt: h.firstResponseAt, firstResponder: assignee ?? 'agent' } : {}),
      ...(h.resolvedAt ? { resolvedAt: h.resolvedAt, resolver: assignee ?? 'agent' } : {}),
      replies: [],
      ...(h.csat !== undefined ? { csat: { score: h.csat, at: h.resolvedAt ?? h.createdAt } } : {}),
      scripts: {},
      decisions: {
        policyVersion: i < n / 2 ? 'v-before' : policy.version,
        category: { value: '', by: 'input' },
        priority: { value: priority, by: 'rule' },
        sla: { value: 'standard', by: 'default' },
        group: { value: group.id, by: 'rule' },
        assignee: { value: assignee, by: 'round-robin' },
      },
      history,
    };
  }
}
