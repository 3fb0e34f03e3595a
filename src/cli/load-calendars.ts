import { parseYamlFile } from '../config/parse-file.ts';
import type { Problem } from '../core/policy/problem.ts';
import { readPolicySources } from '../config/read-sources.ts';
import { locate } from '../config/source-map.ts';
import type { BusinessCalendar, CalendarDef } from '../core/policy/types.ts';
import { alwaysOpenCalendar, checkCalendarDef, createCalendar } from '../core/sla/calendar/index.ts';

/**
 * Reads only the `calendars:` of a policy file or directory (a file holding nothing else is
 * fine) and checks each with checkCalendarDef; problems carry file:line:col.
 */
export async function loadCalendars(
  path: string,
): Promise<{ calendars: Map<string, BusinessCalendar>; problems: Problem[] }> {
  const calendars = new Map<string, BusinessCalendar>([[alwaysOpenCalendar.id, alwaysOpenCalendar]]);
  const problems: Problem[] = [];
  for (const source of await readPolicySources(path)) {
    const parsed = parseYamlFile(source.file, source.text);
    problems.push(...parsed.problems.filter((p) => p.severity !== 'warning'));
    const data = parsed.data as { calendars?: unknown } | null | undefined;
    const list = data && typeof data === 'object' ? data.calendars : undefined;
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      const pos = locate(parsed.map, '/calendars') ?? { file: source.file, line: 1, col: 1 };
      problems.push({
        ...pos,
        code: 'SWB_CONFIG_SCHEMA',
        path: '/calendars',
        message: 'calendars must be a list of calendar definitions',
      });
      continue;
    }
    list.forEach((def: unknown, i) => {
      const found = checkCalendarDef(def as CalendarDef);
      for (const p of found) {
        const pointer = `/calendars/${i}${p.path}`;
        const pos = locate(parsed.map, pointer) ?? { file: source.file, line: 1, col: 1 };
        problems.push({
          file: pos.file,
          line: pos.line,
          col: pos.col,
          code: p.code,
          path: pointer,
          message: p.message,
        });
      }
      if (found.length === 0) calendars.set((def as CalendarDef).id, createCalendar(def as CalendarDef));
    });
  }
  return { calendars, problems };
}
