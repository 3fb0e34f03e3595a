import { checkWhen as whenProblems } from '../../core/policy/check-rule.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import { parseDuration } from '../../core/util/duration.ts';
import type { PolicySection } from './section.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Scenario workflows are declared now and run by the workflow timers: check what can be checked
 * (ids unique, due durations readable, references to groups, agents, scripts, conditions).
 */
export const workflowsSection: PolicySection = {
  name: 'workflows',
  at: '/workflows',
  check(policy, refs, ctx) {
    const doc = policy as unknown as Record<string, unknown>;
    const { push, ref, unique, add, problems } = createProblemList();
    const checkWhen = (when: unknown, at: string) => add(whenProblems(when, at, 'sla', 'workflow', ctx));
    if (!Array.isArray(doc.workflows)) return problems;
    unique(doc.workflows, '/workflows', 'workflow');
    doc.workflows.forEach((wf, i) => {
      if (!isObject(wf)) return;
      const at = `/workflows/${i}`;
      if (wf.when !== undefined) checkWhen(wf.when, `${at}/when`);
      if (!Array.isArray(wf.tasks)) return;
      unique(wf.tasks, `${at}/tasks`, `task (workflow "${String(wf.id)}")`);
      wf.tasks.forEach((task, j) => {
        if (!isObject(task)) return;
        const tAt = `${at}/tasks/${j}`;
        for (const key of ['due', 'dueBefore', 'repeat']) {
          const d = task[key];
          if (d !== undefined && (typeof d !== 'string' || parseDuration(d) === undefined))
            push(`${tAt}/${key}`, 'SWB_CONFIG_DURATION', `"${String(d)}" is not a duration (e.g. 2m, 1h, 24h, 3d)`);
        }
        if (task.due === undefined && task.dueBefore === undefined)
          push(
            tAt,
            'SWB_CONFIG_SCHEMA',
            `task "${String(task.id)}" has no "due" (a duration after arrival or "from") nor "dueBefore"`,
          );
        if (task.when !== undefined) checkWhen(task.when, `${tAt}/when`);
        const assign = task.assign;
        if (isObject(assign)) {
          if (assign.group !== undefined) ref(`${tAt}/assign/group`, 'group', assign.group, refs.groupIds);
          if (assign.agent !== undefined) ref(`${tAt}/assign/agent`, 'agent', assign.agent, refs.agentIds);
        }
        if (task.script !== undefined) ref(`${tAt}/script`, 'script', task.script, refs.scripts);
        if (task.channel !== undefined) ref(`${tAt}/channel`, 'channel', task.channel, refs.channelIds);
      });
    });
    return problems;
  },
};
