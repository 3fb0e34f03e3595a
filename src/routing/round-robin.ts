import type { GroupDef } from '../config/types.ts';

/** Per-group pointer to the member who got the last ticket; persisted so restarts stay fair. */
export type Cursors = Readonly<Record<string, number>>;

/** Picks the member after the last one; returns the pick and the new cursor value. */
export function pickRoundRobin(group: GroupDef, cursors: Cursors): { assignee: string | null; cursor: number } {
  const members = group.members;
  if (members.length === 0) return { assignee: null, cursor: cursors[group.id] ?? -1 };
  const last = cursors[group.id] ?? -1;
  const next = (last + 1) % members.length;
  return { assignee: members[next] ?? null, cursor: next };
}
