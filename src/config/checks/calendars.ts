import { builtinCalendarId } from '../../core/policy/defaults.ts';
import { under } from '../../core/policy/problem.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import { checkCalendarDef } from '../../core/sla/calendar/index.ts';
import type { PolicySection } from './section.ts';

/** Calendars: ids (the built-in one is taken) and each definition's hours, dates and zone. */
export const calendarsSection: PolicySection = {
  name: 'calendars',
  at: '/calendars',
  check(doc) {
    const { push, unique, add, problems } = createProblemList();
    unique(doc.calendars, '/calendars', 'calendar');
    (doc.calendars ?? []).forEach((c, i) => {
      if (!c) return;
      if (c.id === builtinCalendarId)
        push(
          `/calendars/${i}/id`,
          'SWB_CONFIG_DUPLICATE_ID',
          `calendar id "${builtinCalendarId}" is built in (always open); choose another id`,
        );
      add(under(`/calendars/${i}`, checkCalendarDef(c)));
    });
    return problems;
  },
};
