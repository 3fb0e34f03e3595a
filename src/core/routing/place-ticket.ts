import type { Collaborator, Decision } from '../model/ticket.ts';
import { overlayStates } from './overlay-states.ts';
import { routeSlot } from './route-slot.ts';
import type { AgentStates, RoutingModel, SkillNeed } from '../policy/routing-types.ts';

/** A ticket's slots as routing sees them: the primary and one per collaborator group. */
export interface TicketSlots {
  ticketId: string;
  channelKind: string;
  priority: string;
  skills?: readonly SkillNeed[];
  waitingSince: number;
  group: string;
  assignee: string | null;
  collaborators: readonly Collaborator[];
}

export type Slot = 'primary' | number;

export interface Placement {
  group: string;
  assignee: string | null;
  assigneeBy: Decision<string | null>['by'];
  collaborators: Collaborator[];
  /** Round-robin pointers to persist (group → member index). */
  cursors: Record<string, number>;
  trace: string[];
  /** Slots still unassigned after this placement. */
  waiting: Slot[];
}

/**
 * Decides the slots `refill` selects, keeping the others; `avoid` is an agent who must not get
 * any slot (the one going offline). Primary first, then collaborators; no agent holds two slots
 * of one ticket (VIP: the dedicated agent and technical support are different people). Pure.
 */
export function placeTicket(
  model: RoutingModel,
  t: TicketSlots,
  refill: (slot: Slot) => boolean,
  base: AgentStates,
  now: number,
  avoid?: string,
): Placement {
  const states = overlayStates(base);
  const weight = model.priorityWeight.get(t.priority) ?? 1;
  const openMemo = new Map<string, boolean>();
  const trace: string[] = [];
  const holders = () =>
    new Set(
      [t.assignee, ...t.collaborators.map((c) => c.assignee), avoid].filter((x): x is string => typeof x === 'string'),
    );
  const req = (exclude: Set<string>) => ({
    ticketId: t.ticketId,
    channelKind: t.channelKind,
    priority: t.priority,
    waitingSince: t.waitingSince,
    exclude,
    ...(t.skills ? { skills: t.skills } : {}),
  });

  let group = t.group;
  let assignee = t.assignee;
  let assigneeBy: Placement['assigneeBy'] = 'none';
  const collaborators = t.collaborators.map((c) => ({ ...c }));
  const waiting: Slot[] = [];
  const fill = (slot: Slot, fromGroup: string, exclude: Set<string>) => {
    const d = routeSlot(model, fromGroup, req(exclude), states, now, openMemo);
    trace.push(...d.trace.map((line) => (slot === 'primary' ? line : `collaborator ${fromGroup}: ${line}`)));
    if (d.agent !== null) states.take(d.agent, d.group, d.cursor, t.channelKind, weight);
    else waiting.push(slot);
    return d;
  };

  if (refill('primary')) {
    const exclude = holders();
    if (assignee !== null && assignee !== avoid) exclude.delete(assignee);
    const d = fill('primary', t.group, exclude);
    group = d.group;
    assignee = d.agent;
    assigneeBy = d.agent === null ? 'none' : (model.groups.get(d.group)?.strategy ?? 'round-robin');
  } else if (assignee === null) waiting.push('primary');
  collaborators.forEach((c, i) => {
    if (!refill(i)) {
      if (c.assignee === null) waiting.push(i);
      return;
    }
    const exclude = new Set([
      ...holders(),
      ...(assignee ? [assignee] : []),
      ...collaborators.map((x) => x.assignee).filter((x): x is string => x !== null),
    ]);
    if (c.assignee !== null && c.assignee !== avoid) exclude.delete(c.assignee);
    const d = fill(i, c.group, exclude);
    collaborators[i] = { group: d.group, assignee: d.agent };
  });
  return { group, assignee, assigneeBy, collaborators, cursors: states.cursors, trace, waiting };
}
