import { isHistorical } from '../model/ticket.ts';
import type { Ticket } from '../model/ticket.ts';
import { isUnfinished } from '../tasks/task-state.ts';
import type { PointedProblem } from './problem.ts';
import type { Policy } from './types.ts';

/** What a ticket refers to by id, each defined by one section of the policy. */
export type UsedKind = 'groups' | 'agents' | 'categories' | 'statuses' | 'priorities' | 'channels' | 'slas';

/** The `migrate:` section: for each kind, a removed id → where its open tickets go. */
export type MigrateMap = Partial<Record<UsedKind, Record<string, string | null>>>;

/** One id open tickets use that the policy does not define, and where `migrate:` sends it. */
export interface PolicyUse {
  kind: UsedKind;
  value: string;
  count: number;
  /** The first ticket ids (at most `sampleSize`). */
  tickets: string[];
  /** The target from `migrate:` (null: unassign an agent); undefined when there is none. */
  to?: string | null;
}

const sampleSize = 5;
const singular: Record<UsedKind, string> = {
  groups: 'group',
  agents: 'agent',
  categories: 'category',
  statuses: 'status',
  priorities: 'priority',
  channels: 'channel',
  slas: 'SLA',
};
/** Where each kind is defined: the position SWB_POLICY_IN_USE points at. */
export const usedKindPointer: Record<UsedKind, string> = {
  groups: '/routing/groups',
  agents: '/agents',
  categories: '/categories',
  statuses: '/statuses',
  priorities: '/priorities/levels',
  channels: '/channels',
  slas: '/slas',
};

export const migrateOf = (policy: Policy): MigrateMap => (policy.doc.migrate ?? {}) as MigrateMap;

/** Is `value` of `kind` defined by the policy? */
export function defines(policy: Policy, kind: UsedKind, value: string): boolean {
  switch (kind) {
    case 'groups':
      return policy.groups.has(value);
    case 'agents':
      return policy.agents.has(value);
    case 'categories':
      return policy.categories.has(value);
    case 'statuses':
      return policy.statuses.has(value);
    case 'priorities':
      return policy.priorities.includes(value);
    case 'channels':
      return policy.channels.has(value);
    case 'slas':
      return policy.slas.some((s) => s.def.id === value);
  }
}

/** Every id a ticket refers to, by kind (open tasks' owners count as agents and groups). */
export function idsOf(ticket: Ticket): [UsedKind, string][] {
  const out: [UsedKind, string][] = [
    ['groups', ticket.group],
    ['categories', ticket.category],
    ['statuses', ticket.status],
    ['priorities', ticket.priority],
    ['channels', ticket.channel],
  ];
  if (ticket.sla?.policyId) out.push(['slas', ticket.sla.policyId]);
  // Imported history keeps the agents who worked it then, whether or not they are in the policy now.
  if (ticket.assignee && !isHistorical(ticket)) out.push(['agents', ticket.assignee]);
  if (ticket.lead) out.push(['agents', ticket.lead]);
  for (const c of ticket.collaborators) {
    out.push(['groups', c.group]);
    if (c.assignee) out.push(['agents', c.assignee]);
  }
  for (const task of ticket.tasks ?? []) {
    if (!isUnfinished(task)) continue;
    if (task.group) out.push(['groups', task.group]);
    if (task.assignee) out.push(['agents', task.assignee]);
  }
  return out;
}

/**
 * The ids open tickets use that `policy` does not define, with counts, the first ticket ids and
 * the `migrate:` target of each. Pure: the caller passes the open tickets.
 */
export function findPolicyUse(policy: Policy, openTickets: Iterable<Ticket>): PolicyUse[] {
  const migrate = migrateOf(policy);
  const found = new Map<string, PolicyUse>();
  // oldest first: the sample names the tickets that have waited longest
  const ordered = [...openTickets].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
  for (const t of ordered) {
    const seen = new Set<string>();
    for (const [kind, value] of idsOf(t)) {
      if (value === '' || defines(policy, kind, value)) continue;
      const key = `${kind}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let use = found.get(key);
      if (!use) {
        const map = migrate[kind];
        use = {
          kind,
          value,
          count: 0,
          tickets: [],
          ...(map && Object.hasOwn(map, value) ? { to: map[value] as string | null } : {}),
        };
        found.set(key, use);
      }
      use.count++;
      if (use.tickets.length < sampleSize) use.tickets.push(t.id);
    }
  }
  return [...found.values()];
}

/** SWB_POLICY_IN_USE for each use `migrate:` does not cover, at the section that defines the kind. */
export function policyUseProblems(uses: readonly PolicyUse[]): PointedProblem[] {
  return uses
    .filter((u) => u.to === undefined)
    .map((u) => ({
      path: usedKindPointer[u.kind],
      code: 'SWB_POLICY_IN_USE' as const,
      message:
        `${singular[u.kind]} "${u.value}" is used by ${u.count} open ticket(s) (${u.tickets.join(', ')}${u.count > u.tickets.length ? ', …' : ''}) ` +
        `but this policy does not define it; define it again, or say where those tickets go: migrate: { ${u.kind}: { ${u.value}: ${u.kind === 'agents' ? '<agent> or null' : `<${singular[u.kind].toLowerCase()}>`} } }`,
    }));
}

/** One line per move `migrate:` makes: `group live-desk → product-support (2 tickets)`. */
export function describeMoves(uses: readonly PolicyUse[]): string[] {
  return uses
    .filter((u) => u.to !== undefined)
    .map((u) => `${singular[u.kind]} ${u.value} → ${u.to ?? 'nobody'} (${u.count} ticket(s))`);
}
