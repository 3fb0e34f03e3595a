import type { ErrorCode } from '../errors/index.ts';
import type { PolicyDoc } from '../policy/types.ts';
import { parseDuration } from '../util/duration.ts';
import { absenceRange } from './compile-routing.ts';

type Push = (path: string, code: ErrorCode, message: string, severity?: 'warning') => void;
type Ref = (path: string, kind: string, value: unknown, known: Iterable<string>) => void;

/**
 * Routing cross-checks the schema cannot express: calendars and overflow targets exist,
 * capacity keys are channel kinds, absences are readable and ordered, overflow chains end.
 */
export function checkRouting(
  doc: PolicyDoc,
  push: Push,
  ref: Ref,
  known: { calendars: Set<string>; groups: Set<string>; channelKinds: Set<string> },
): void {
  const zone = doc.timezone ?? 'UTC';
  (doc.agents ?? []).forEach((a, i) => {
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
}
