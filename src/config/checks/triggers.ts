import { checkWhen } from '../../core/policy/check-rule.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import type { TriggerAction } from '../../core/policy/trigger-types.ts';
import { parseDuration } from '../../core/util/duration.ts';
import type { PolicySection } from './section.ts';

/**
 * Triggers: unique ids, each `when` a valid condition on trigger facts, each action's
 * references defined (priority, status, group, agent, script, declared fields, plugin action).
 */
export const triggersSection: PolicySection = {
  name: 'triggers',
  at: '/triggers',
  check(doc, ids, ctx) {
    const { push, ref, unique, add, problems } = createProblemList();
    const triggers = Array.isArray(doc.triggers) ? doc.triggers : [];
    unique(triggers, '/triggers', 'trigger');
    triggers.forEach((trigger, i) => {
      if (!trigger || typeof trigger !== 'object') return;
      const at = `/triggers/${i}`;
      if (trigger.when !== undefined) add(checkWhen(trigger.when, `${at}/when`, 'trigger', 'match', ctx));
      (Array.isArray(trigger.do) ? trigger.do : []).forEach((action: TriggerAction, j) => {
        const aAt = `${at}/do/${j}`;
        if (!action || typeof action !== 'object') return;
        if ('set' in action && action.set) {
          const s = action.set;
          ref(`${aAt}/set/priority`, 'priority level', s.priority, ids.levels);
          ref(`${aAt}/set/status`, 'status', s.status, ids.statusIds);
          ref(`${aAt}/set/group`, 'group', s.group, ids.groupIds);
          if (typeof s.assignee === 'string') ref(`${aAt}/set/assignee`, 'agent', s.assignee, ids.agentIds);
          if (s.fields && ids.fieldIds.size > 0)
            for (const f of Object.keys(s.fields)) ref(`${aAt}/set/fields`, 'field', f, ids.fieldIds);
        }
        if ('task' in action && action.task) {
          if (parseDuration(action.task.due) === undefined)
            push(
              `${aAt}/task/due`,
              'SWB_CONFIG_DURATION',
              `"${action.task.due}" is not a duration (e.g. 30m, 24h, 2d)`,
            );
          ref(`${aAt}/task/group`, 'group', action.task.group, ids.groupIds);
          ref(`${aAt}/task/assignee`, 'agent', action.task.assignee, ids.agentIds);
        }
        if ('reply' in action && action.reply) ref(`${aAt}/reply/script`, 'script', action.reply.script, ids.scripts);
        if ('action' in action) ref(`${aAt}/action`, 'action', action.action, ctx.actions?.names() ?? []);
      });
    });
    return problems;
  },
};
