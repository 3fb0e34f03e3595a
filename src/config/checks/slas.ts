import { checkWhen } from '../../core/policy/check-rule.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import type { SlaAction } from '../../core/policy/types.ts';
import { parseDuration } from '../../core/util/duration.ts';
import { didYouMean, listValues } from '../../core/util/suggest.ts';
import type { PolicySection } from './section.ts';

/** SLAs: calendars, pause statuses, `when` and automation conditions, breach actions, targets per level and channel. */
export const slasSection: PolicySection = {
  name: 'slas',
  at: '/slas',
  check(doc, ids, ctx) {
    const { push, ref, unique, add, problems } = createProblemList();
    const { levels, groupIds, statusIds, channelIds, channelKinds } = ids;
    unique(doc.slas, '/slas', 'SLA');
    const actions = (list: SlaAction[], aAt: string) =>
      list.forEach((a, j) => {
        if ('reassign' in a && a.reassign !== 'group-lead') ref(`${aAt}/${j}/reassign`, 'group', a.reassign, groupIds);
        if ('set-status' in a) ref(`${aAt}/${j}/set-status`, 'status', a['set-status'], statusIds);
      });
    doc.slas.forEach((sla, i) => {
      if (!sla) return;
      const at = `/slas/${i}`;
      if (sla.calendar !== undefined) ref(`${at}/calendar`, 'calendar', sla.calendar, ids.calendarIds);
      sla.pauseOn?.forEach((s, j) => ref(`${at}/pauseOn/${j}`, 'status', s, statusIds));
      if (sla.when) add(checkWhen(sla.when, `${at}/when`, 'sla', 'sla', ctx));
      sla.onBreach?.forEach((step, j) => actions(step.do, `${at}/onBreach/${j}/do`));
      unique(sla.automations, `${at}/automations`, 'automation');
      sla.automations?.forEach((a, j) => {
        const aAt = `${at}/automations/${j}`;
        add(checkWhen(a.when, `${aAt}/when`, 'automation', 'match', ctx));
        actions(a.do, `${aAt}/do`);
      });
      for (const [tier, matrix] of Object.entries(sla.tiers ?? {})) {
        for (const [kind, byLevel] of Object.entries(matrix)) {
          for (const level of Object.keys(byLevel ?? {}))
            ref(`${at}/tiers/${tier}/${kind}/${level}`, 'priority level', level, levels);
        }
      }
      for (const kind of ['firstResponse', 'resolution'] as const) {
        const matrix = sla.targets[kind];
        if (!matrix) continue;
        for (const [level, target] of Object.entries(matrix)) {
          const tAt = `${at}/targets/${kind}/${level}`;
          ref(tAt, 'priority level', level, levels);
          if (typeof target !== 'object') continue;
          for (const [key, d] of Object.entries(target)) {
            if (key !== 'default' && !channelIds.has(key) && !channelKinds.has(key)) {
              push(
                `${tAt}/${key}`,
                'SWB_CONFIG_UNKNOWN_REF',
                `"${key}" is neither a channel id nor a channel kind in use${didYouMean(key, [...channelIds, ...channelKinds, 'default'])}; use a channel id, a kind (${listValues(channelKinds)}) or "default"`,
              );
            }
            if (parseDuration(d) === undefined)
              push(`${tAt}/${key}`, 'SWB_CONFIG_DURATION', `"${d}" is not a duration`);
          }
          const channels = doc.channels.filter(Boolean);
          if (!('default' in target) && !channels.every((c) => c.id in target || c.kind in target)) {
            const missing = channels.filter((c) => !(c.id in target) && !(c.kind in target)).map((c) => c.id);
            push(
              tAt,
              'SWB_CONFIG_SCHEMA',
              `no ${kind} target for channel(s) ${listValues(missing)} at ${level}: add "default: <duration>"`,
            );
          }
        }
        for (const level of levels) {
          if (!(level in matrix))
            push(
              `${at}/targets/${kind}`,
              'SWB_CONFIG_SCHEMA',
              `priority ${level} has no ${kind} target in SLA "${sla.id}": add "${level}: <duration>"`,
            );
        }
      }
    });
    const last = doc.slas.length - 1;
    if (last >= 0 && doc.slas[last]?.when) {
      push(
        `/slas/${last}`,
        'SWB_CONFIG_SCHEMA',
        'the last SLA has a "when" condition: tickets that match no SLA get no deadlines; add a last SLA without "when"',
        'warning',
      );
    }
    return problems;
  },
};
