import type { KnownIds } from '../policy/known-ids.ts';
import type { PointedProblem } from '../policy/problem.ts';
import { createProblemList } from '../policy/problem-list.ts';
import type { PolicyDoc } from '../policy/types.ts';
import { parseDuration } from '../util/duration.ts';
import { absenceRange } from './compile-routing.ts';

/**
 * The routing and agents sections, what the schema cannot express: members, leads, fallback,
 * calendars and overflow targets exist, capacity keys are channel kinds, absences are readable
 * and ordered.
 */
export function checkRouting(doc: PolicyDoc, ids: KnownIds): PointedProblem[] {
  const { push, ref, unique, problems } = createProblemList();
  const known = { calendars: ids.calendarIds, groups: ids.groupIds, channelKinds: ids.channelKinds };
  unique(doc.agents, '/agents', 'agent');
  unique(doc.routing.groups, '/routing/groups', 'group');
  doc.routing.groups.forEach((g, i) => {
    if (!g) return;
    g.members.forEach((m, j) => ref(`/routing/groups/${i}/members/${j}`, 'agent', m, ids.agentIds));
    if (g.lead !== undefined) ref(`/routing/groups/${i}/lead`, 'agent', g.lead, ids.agentIds);
    if (g.members.length === 0)
      push(
        `/routing/groups/${i}/members`,
        'SWB_CONFIG_SCHEMA',
        `group "${g.id}" has no members; tickets routed to it stay unassigned`,
        'warning',
      );
  });
  ref('/routing/fallback', 'group', doc.routing.fallback, ids.groupIds);
  const zone = doc.timezone ?? 'UTC';
  (doc.agents ?? []).forEach((a, i) => {
    if (!a) return;
    const at = `/agents/${i}`;
    if (a.calendar !== undefined) ref(`${at}/calendar`, 'calendar', a.calendar, known.calendars);
    if (a.capacity !== undefined && typeof a.capacity === 'object') {
      for (const key of Object.keys(a.capacity)) {
        if (key !== 'total' && !known.channelKinds.has(key)) {
          push(
            `${at}/capacity/${key}`,
            'SWB_CONFIG_UNKNOWN_REF',
            `"${key}" is not a channel kind in use; capacity keys are channel kinds (${[...known.channelKinds].join(', ')}) or "total"`,
          );
        }
      }
    }
    (a.absent ?? []).forEach((r, j) => {
      const range = absenceRange(r, zone);
      if (!range)
        push(
          `${at}/absent/${j}`,
          'SWB_CONFIG_SCHEMA',
          `absence ${r.from} – ${r.to} cannot be read: write dates as YYYY-MM-DD or ISO date-times`,
        );
      else if (range[1] <= range[0])
        push(
          `${at}/absent/${j}`,
          'SWB_CONFIG_SCHEMA',
          `absence ends (${r.to}) before it starts (${r.from}); swap from and to`,
        );
    });
  });
  doc.routing.groups.forEach((g, i) => {
    if (!g) return;
    const at = `/routing/groups/${i}`;
    if (g.overflow) {
      ref(`${at}/overflow/to`, 'group', g.overflow.to, known.groups);
      if (g.overflow.to === g.id)
        push(`${at}/overflow/to`, 'SWB_CONFIG_RULE', `group "${g.id}" overflows into itself; name another group`);
      if (parseDuration(g.overflow.after) === undefined)
        push(`${at}/overflow/after`, 'SWB_CONFIG_DURATION', `"${g.overflow.after}" is not a duration`);
    }
    if (g.skillsTimeout !== undefined && parseDuration(g.skillsTimeout) === undefined)
      push(`${at}/skillsTimeout`, 'SWB_CONFIG_DURATION', `"${g.skillsTimeout}" is not a duration`);
  });
  // Cycles (a → b → a) are fine: two groups may back each other up; a chain stops at the
  // first group it already visited (overflowChain).
  return problems;
}
