import type { Policy, SlaAction } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { moveStatus } from './operations.ts';
import { statusKind } from '../tickets/lifecycle.ts';
import type { Ticket } from '../model/ticket.ts';
import { recomputeSla } from '../sla/recompute.ts';
import { slaOf } from '../sla/ticket-clocks.ts';
import { keptAssignee } from '../routing/membership.ts';

export interface ActionsResult {
  ticket: Ticket;
  /** Human-readable list of what was done, e.g. "raise-priority P2→P1". */
  done: string[];
  recipients: string[];
  events: PendingEvent[];
}

/**
 * Carries out escalation / automation actions on a ticket. Pure. Raising the priority
 * recomputes the live clocks (elapsed business time kept); `reassign: group-lead` gives the
 * ticket to the current group's lead, `reassign: <group>` moves it to that group (the assignee
 * stays only when they belong there; otherwise it waits for routing within the group);
 * notify recipients: `assignee`, `group-lead`, `group` (→ `group:<id>`), or ids as written.
 */
export function runActions(
  ticket: Ticket,
  policy: Policy,
  actions: readonly SlaAction[],
  nowMs: number,
): ActionsResult {
  let t: Ticket = ticket;
  const done: string[] = [];
  const recipients = new Set<string>();
  const events: PendingEvent[] = [];
  for (const action of actions) {
    if ('raise-priority' in action) {
      const levels = policy.priorities;
      const at = Math.max(0, levels.indexOf(t.priority));
      const to = levels[Math.max(0, at - action['raise-priority'])] ?? t.priority;
      if (to === t.priority) continue;
      done.push(`raise-priority ${t.priority}→${to}`);
      t = { ...t, priority: to };
      const sla = slaOf(policy, t);
      if (sla) t = { ...t, sla: recomputeSla(t, policy, sla, nowMs) };
    } else if ('reassign' in action) {
      const previous = t.assignee;
      if (action.reassign === 'group-lead') {
        const lead = policy.groups.get(t.group)?.lead;
        if (!lead || lead === t.assignee) continue;
        t = { ...t, assignee: lead };
        done.push(`reassign ${lead} (lead of ${t.group})`);
      } else {
        if (action.reassign === t.group) continue;
        t = { ...t, group: action.reassign, assignee: keptAssignee(policy, action.reassign, t.assignee) };
        done.push(`reassign group ${action.reassign}`);
      }
      events.push({
        type: 'ticket.assigned',
        data: { ticket: t, assignee: t.assignee, previous, collaborators: t.collaborators },
      });
    } else if ('notify' in action) {
      for (const who of [action.notify].flat()) {
        const resolved = resolveRecipient(t, policy, who);
        if (resolved) recipients.add(resolved);
      }
      done.push(`notify ${[action.notify].flat().join(', ')}`);
    } else if ('tag' in action) {
      const tags = [action.tag].flat().filter((x) => !t.tags.includes(x));
      if (tags.length === 0) continue;
      t = { ...t, tags: [...t.tags, ...tags] };
      done.push(`tag ${tags.join(', ')}`);
    } else if ('set-status' in action) {
      const to = action['set-status'];
      if (to === t.status || statusKind(policy, t.status) === 'closed') continue;
      const moved = moveStatus(t, to, { now: new Date(nowMs), actor: 'sla', policy }, events);
      t = moved.after;
      done.push(`set-status ${to}`);
    }
  }
  return { ticket: t, done, recipients: [...recipients], events };
}

/** `assignee`, `group-lead`, `group` (→ `group:<id>`), or an id as written. */
export function resolveRecipient(t: Ticket, policy: Policy, who: string): string | undefined {
  if (who === 'assignee') return t.assignee ?? `group:${t.group}`;
  if (who === 'group-lead') {
    const lead = policy.groups.get(t.group)?.lead;
    return lead ?? `group:${t.group}`;
  }
  if (who === 'group') return `group:${t.group}`;
  return who;
}
