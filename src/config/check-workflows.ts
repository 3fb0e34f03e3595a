import type { ErrorCode } from '../core/errors/index.ts';
import { parseDuration } from '../core/util/duration.ts';

type Ref = (path: string, kind: string, value: unknown, known: Iterable<string>) => void;
type Push = (path: string, code: ErrorCode, message: string) => void;
type CheckWhen = (conditions: unknown, at: string) => void;

export interface WorkflowRefs {
  categoryIds: Set<string>;
  levels: string[];
  groupIds: Set<string>;
  agentIds: Set<string>;
  channelIds: Set<string>;
  scripts: Set<string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Scenario workflows are declared now and run by the workflow timers: check what can be checked
 * (ids unique, due durations readable, references to groups, agents, scripts, conditions).
 */
export function checkWorkflows(
  doc: Record<string, unknown>,
  refs: WorkflowRefs,
  ref: Ref,
  push: Push,
  checkWhen: CheckWhen,
): void {
  if (!Array.isArray(doc.workflows)) return;
  const seen = new Set<string>();
  doc.workflows.forEach((wf, i) => {
    if (!isObject(wf)) return;
    const at = `/workflows/${i}`;
    if (typeof wf.id === 'string') {
      if (seen.has(wf.id)) push(`${at}/id`, 'SWB_CONFIG_DUPLICATE_ID', `duplicate workflow id "${wf.id}"`);
      seen.add(wf.id);
    }
    if (wf.when !== undefined) checkWhen(wf.when, `${at}/when`);
    if (!Array.isArray(wf.tasks)) return;
    const taskIds = new Set<string>();
    wf.tasks.forEach((task, j) => {
      if (!isObject(task)) return;
      const tAt = `${at}/tasks/${j}`;
      if (typeof task.id === 'string') {
        if (taskIds.has(task.id))
          push(`${tAt}/id`, 'SWB_CONFIG_DUPLICATE_ID', `duplicate task id "${task.id}" in workflow "${String(wf.id)}"`);
        taskIds.add(task.id);
      }
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
}
