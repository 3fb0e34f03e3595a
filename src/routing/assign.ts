import type { Policy } from '../config/types.ts';
import type { Collaborator, Decision } from '../tickets/types.ts';
import type { Decided } from '../pipeline/decide.ts';
import type { TraceStep } from '../pipeline/trace.ts';
import { pickRoundRobin, type Cursors } from './round-robin.ts';

export interface Assignment {
  assignee: Decision<string | null>;
  collaborators: Collaborator[];
  /** Cursor values to persist (group id → index). */
  cursors: Record<string, number>;
  trace: TraceStep;
}

/**
 * Synchronous on purpose: the shell reads the live cursors, calls this, and writes the new
 * cursors back without an await in between, so concurrent intakes cannot pick the same slot.
 */
export function assign(policy: Policy, decided: Pick<Decided, 'group' | 'collaboratorGroups'>, cursors: Cursors): Assignment {
  const next: Record<string, number> = {};
  const pick = (groupId: string) => {
    const group = policy.groups.get(groupId);
    if (!group) return null;
    const r = pickRoundRobin(group, { ...cursors, ...next });
    if (r.assignee !== null) next[groupId] = r.cursor;
    return r.assignee;
  };
  const primary = pick(decided.group.value);
  const collaborators = decided.collaboratorGroups.map((g) => ({ group: g, assignee: pick(g) }));
  const assignee: Decision<string | null> = primary === null ? { value: null, by: 'none' } : { value: primary, by: 'round-robin' };
  return {
    assignee,
    collaborators,
    cursors: next,
    trace: {
      step: 'assign',
      decision: { assignee: primary, collaborators },
      by: assignee.by,
      ...(primary === null ? { note: `group "${decided.group.value}" has no members` } : {}),
    },
  };
}
