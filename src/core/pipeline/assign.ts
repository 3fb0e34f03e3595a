import type { Policy } from '../policy/types.ts';
import type { Collaborator, Decision } from '../model/ticket.ts';
import type { Decided } from './decide.ts';
import type { TraceStep } from './trace.ts';
import { placeTicket, type Slot } from '../routing/place-ticket.ts';
import type { AgentStates, SkillNeed } from '../policy/routing-types.ts';

export interface Assignment {
  /** The group that took the ticket (differs from the routed group after an overflow). */
  group: string;
  assignee: Decision<string | null>;
  collaborators: Collaborator[];
  /** Cursor values to persist (group id → index). */
  cursors: Record<string, number>;
  /** Filter and strategy lines ("li: offline"), stored on the ticket. */
  lines: string[];
  waiting: Slot[];
  trace: TraceStep;
}

export interface AssignInput {
  ticketId: string;
  channelKind: string;
  priority: string;
  skills?: readonly SkillNeed[];
  now: number;
}

/**
 * Synchronous on purpose: the shell reads the live states, calls this, and records the picks
 * (cursors, loads) without an await in between, so concurrent intakes cannot take one slot twice.
 */
export function assign(
  policy: Policy,
  decided: Pick<Decided, 'group' | 'collaboratorGroups'>,
  states: AgentStates,
  input: AssignInput,
): Assignment {
  const p = placeTicket(
    policy.routing,
    {
      ticketId: input.ticketId,
      channelKind: input.channelKind,
      priority: input.priority,
      ...(input.skills ? { skills: input.skills } : {}),
      waitingSince: input.now,
      group: decided.group.value,
      assignee: null,
      collaborators: decided.collaboratorGroups.map((g) => ({ group: g, assignee: null })),
    },
    () => true,
    states,
    input.now,
  );
  const assignee: Decision<string | null> = { value: p.assignee, by: p.assigneeBy };
  return {
    group: p.group,
    assignee,
    collaborators: p.collaborators,
    cursors: p.cursors,
    lines: p.trace,
    waiting: p.waiting,
    trace: {
      step: 'assign',
      decision: {
        assignee: p.assignee,
        collaborators: p.collaborators,
        ...(p.group !== decided.group.value ? { group: p.group } : {}),
        ...(p.waiting.length ? { queued: p.waiting } : {}),
      },
      by: assignee.by,
      note: p.trace.join('; '),
    },
  };
}
