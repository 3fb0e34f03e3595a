import { DateTime } from 'luxon';
import type { BusinessCalendar, PolicyDoc, SkillDef } from '../policy/types.ts';
import { parseDuration } from '../util/duration.ts';
import type { PresenceStatus, RoutingAgent, RoutingGroup, RoutingModel, SkillNeed } from '../policy/routing-types.ts';

/** A plain skill name counts as this proficiency (backwards compatible with `skills: [a, b]`). */
export const defaultSkillLevel = 3;

export function skillNeeds(list: readonly SkillDef[] | undefined, plainLevel: number): SkillNeed[] {
  return (list ?? []).map((s) =>
    typeof s === 'string' ? { name: s, level: plainLevel } : { name: s.name, level: s.level ?? plainLevel },
  );
}

/**
 * Absence bounds: a date means the whole day in the zone ("to" inclusive), a date-time is exact.
 * Returns undefined when unreadable (the cross-check reports it).
 */
export function absenceRange(a: { from: string; to: string }, zone: string): [number, number] | undefined {
  const read = (text: string, end: boolean) => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const dt = DateTime.fromISO(text, { zone });
    if (!dt.isValid) return undefined;
    return (dateOnly && end ? dt.plus({ days: 1 }) : dt).toMillis();
  };
  const from = read(a.from, false);
  const to = read(a.to, true);
  return from === undefined || to === undefined ? undefined : [from, to];
}

/** Compiles agents and groups for assignment; the doc passed validation and cross-checks. */
export function compileRouting(
  doc: PolicyDoc,
  calendars: ReadonlyMap<string, BusinessCalendar>,
  fallbackCalendar: BusinessCalendar,
): RoutingModel {
  const zone = doc.timezone ?? 'UTC';
  const agents = new Map<string, RoutingAgent>();
  for (const a of doc.agents ?? []) {
    const capacity = typeof a.capacity === 'number' ? { total: a.capacity } : { ...(a.capacity ?? {}) };
    const absent = (a.absent ?? [])
      .map((r) => absenceRange(r, zone))
      .filter((r): r is [number, number] => r !== undefined)
      .sort((x, y) => x[0] - y[0]);
    agents.set(
      a.id,
      Object.freeze({
        id: a.id,
        name: a.name,
        skills: new Map(skillNeeds(a.skills, defaultSkillLevel).map((s) => [s.name, s.level])),
        capacity: Object.freeze(capacity),
        calendar: (a.calendar !== undefined ? calendars.get(a.calendar) : undefined) ?? fallbackCalendar,
        absent: Object.freeze(absent),
      }),
    );
  }
  const groups = new Map<string, RoutingGroup>();
  const groupsOf = new Map<string, string[]>();
  for (const g of doc.routing.groups) {
    const overflowMs = g.overflow ? parseDuration(g.overflow.after) : undefined;
    const timeout = g.skillsTimeout !== undefined ? parseDuration(g.skillsTimeout) : undefined;
    groups.set(
      g.id,
      Object.freeze({
        id: g.id,
        ...(g.lead !== undefined ? { lead: g.lead } : {}),
        members: Object.freeze([...g.members]),
        memberIndex: new Map(g.members.map((m, i) => [m, i])),
        // A group's required skill without a level asks for any proficiency.
        skills: Object.freeze(skillNeeds(g.skills, 1)),
        strategy: g.strategy ?? doc.routing.strategy ?? 'round-robin',
        ...(g.overflow && overflowMs !== undefined ? { overflow: { afterMs: overflowMs, to: g.overflow.to } } : {}),
        ...(timeout !== undefined ? { skillsTimeoutMs: timeout } : {}),
      }),
    );
    for (const m of g.members) groupsOf.set(m, [...(groupsOf.get(m) ?? []), g.id]);
  }
  const feeders = new Map<string, string[]>();
  for (const g of groups.values()) {
    for (const target of overflowChain(groups, g.id))
      feeders.set(target.group, [...(feeders.get(target.group) ?? []), g.id]);
  }
  const levels = doc.priorities.levels;
  return Object.freeze({
    agents,
    groups,
    feeders,
    groupsOf,
    defaultPresence: (doc.routing.defaultPresence ?? 'online') as PresenceStatus,
    priorityWeight: new Map(levels.map((p, i) => [p, levels.length - i])),
    priorityRank: new Map(levels.map((p, i) => [p, i])),
  });
}

/**
 * The groups a ticket of `start` may go to and from when (ms waited): the group itself at 0,
 * then each overflow target once the waits along the chain add up. Cycles stop the chain.
 */
export function overflowChain(
  groups: ReadonlyMap<string, RoutingGroup>,
  start: string,
): { group: string; afterMs: number }[] {
  const out: { group: string; afterMs: number }[] = [];
  const seen = new Set<string>();
  let id: string | undefined = start;
  let at = 0;
  while (id !== undefined && !seen.has(id)) {
    const g = groups.get(id);
    if (!g) break;
    seen.add(id);
    out.push({ group: id, afterMs: at });
    if (!g.overflow) break;
    at += g.overflow.afterMs;
    id = g.overflow.to;
  }
  return out;
}
