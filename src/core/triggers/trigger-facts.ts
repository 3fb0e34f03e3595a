import type { HistoryEntry, Ticket } from '../model/ticket.ts';
import type { Policy } from '../policy/types.ts';
import type { Facts } from '../rules/types.ts';
import { automationFacts } from '../sla/automation-facts.ts';
import { actorKind, type ActorKind } from '../tickets/actors.ts';

export { actorKind, type ActorKind } from '../tickets/actors.ts';

/** What kind of change ran the triggers. */
export type ChangeKind = 'created' | 'updated' | 'replied' | 'status' | 'assigned' | 'tags' | 'fields' | 'sla' | 'task';

export interface TicketChange {
  kind: ChangeKind;
  actor: ActorKind;
  /** `attribute → [from, to]` as the history records it (fields and tags compared whole). */
  changes: Record<string, [unknown, unknown]>;
}

const kindOfEntry: Record<string, ChangeKind> = {
  created: 'created',
  reply: 'replied',
  note: 'replied',
  status: 'status',
  assign: 'assigned',
  tags: 'tags',
  escalate: 'updated',
  update: 'updated',
  csat: 'updated',
  merge: 'updated',
  migrate: 'updated',
  task: 'task',
};

/** The change a history entry records (the newest one is what just happened). */
export function changeOf(entry: HistoryEntry): TicketChange {
  const changes = (entry.changes ?? {}) as Record<string, [unknown, unknown]>;
  let kind = kindOfEntry[entry.type] ?? (entry.type.startsWith('sla') ? 'sla' : 'updated');
  if (kind === 'updated' && 'fields' in changes && Object.keys(changes).length === 1) kind = 'fields';
  return { kind, actor: actorKind(entry.actor), changes };
}

/**
 * `{ keys, status: { from, to }, fields: { id: { from, to } }, tags: { from, to, added, removed } }`;
 * `keys` names every changed attribute (`status`, `fields.deliveredAt`, ...), so "x changed" is
 * `{ fact: changed, path: $.keys, operator: contains, value: fields.deliveredAt }`.
 */
export function changedFacts(changes: TicketChange['changes']): Record<string, unknown> {
  const keys: string[] = [];
  const out: Record<string, unknown> = { keys };
  for (const [key, [from, to]] of Object.entries(changes)) {
    if (key === 'fields') {
      const a = (from ?? {}) as Record<string, unknown>;
      const b = (to ?? {}) as Record<string, unknown>;
      const byField: Record<string, unknown> = {};
      for (const id of new Set([...Object.keys(a), ...Object.keys(b)]))
        if (JSON.stringify(a[id]) !== JSON.stringify(b[id])) {
          byField[id] = { from: a[id] ?? null, to: b[id] ?? null };
          keys.push(`fields.${id}`);
        }
      out.fields = byField;
      continue;
    }
    if (key === 'tags') {
      const a = (from ?? []) as string[];
      const b = (to ?? []) as string[];
      out.tags = { from: a, to: b, added: b.filter((t) => !a.includes(t)), removed: a.filter((t) => !b.includes(t)) };
    } else out[key] = { from: from ?? null, to: to ?? null };
    keys.push(key);
  }
  return out;
}

/** The facts a trigger sees: the ticket now (as automations see it), the change and what it changed. */
export function triggerFacts(ticket: Ticket, policy: Policy, nowMs: number, change: TicketChange): Facts {
  // assigned onto the same object: spreading would compute every lazy fact
  return Object.assign(automationFacts(ticket, policy, nowMs), {
    change: { kind: change.kind, actor: change.actor },
    changed: changedFacts(change.changes),
  });
}
