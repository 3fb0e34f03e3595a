import type { Request, Response } from 'express';
import { actorOf, canSeeTask, visibleGroups } from '../auth/principal.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { NewTaskInput, TaskChangeInput } from '../core/operations/task-actions.ts';
import type { TaskQuery } from '../core/tasks/task-index.ts';
import { taskStates, type TaskState } from '../core/tasks/task-state.ts';
import { listValues } from '../core/util/suggest.ts';
import { type ApiContext, type ApiRoute, unavailable } from './api-context.ts';
import { principalOf } from './guard.ts';
import { ifMatchOf } from './if-match.ts';
import { decodeTaskCursor, encodeTaskCursor } from './task-cursor.ts';

const result = { status: 200, schema: 'TaskResult', description: '`{ task, ticket }`' };
const actor = (res: Response) => actorOf(principalOf(res));

const listOf = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `GET /api/tasks` query → index query, checked against the policy and narrowed to what an agent may see. */
function taskQueryOf(req: Request, res: Response, ctx: ApiContext): TaskQuery {
  const q = req.query as Record<string, unknown>;
  const policy = ctx.policy();
  const p = principalOf(res);
  const states = listOf(q.state);
  for (const s of states)
    if (!(taskStates as readonly string[]).includes(s))
      throw new SwitchboardError('SWB_API_VALIDATION', `unknown task state "${s}"; use ${listValues(taskStates)}`, {
        path: '?state',
      });
  const groups = listOf(q.group);
  for (const g of groups)
    if (!policy.groups.has(g))
      throw new SwitchboardError(
        'SWB_TICKET_UNKNOWN_VALUE',
        `unknown group "${g}"; allowed: ${listValues(policy.groups.keys())}`,
        { path: '?group' },
      );
  let assignee = typeof q.assignee === 'string' ? q.assignee : undefined;
  if (assignee === 'me') {
    if (!p?.agent)
      throw new SwitchboardError('SWB_API_VALIDATION', '`assignee=me` needs an agent token; name the agent instead', {
        path: '?assignee',
      });
    assignee = p.agent;
  }
  let dueBefore: number | undefined;
  if (typeof q.dueBefore === 'string') {
    dueBefore = isoInstant.test(q.dueBefore) ? Date.parse(q.dueBefore) : Number.NaN;
    if (!Number.isFinite(dueBefore))
      throw new SwitchboardError(
        'SWB_API_VALIDATION',
        `dueBefore "${q.dueBefore}" is not an ISO-8601 time with its offset (2026-12-04T18:00:00+08:00)`,
        { path: '?dueBefore' },
      );
  }
  const query: TaskQuery = {
    limit: q.limit === undefined ? 50 : Number(q.limit),
    ...(states.length ? { states: states as TaskState[] } : {}),
    ...(groups.length ? { groups } : {}),
    ...(assignee !== undefined ? { assignee } : {}),
    ...(dueBefore !== undefined ? { dueBefore } : {}),
    ...(typeof q.cursor === 'string' ? { after: decodeTaskCursor(q.cursor) } : {}),
  };
  if (p?.role !== 'agent') return query;
  // agents: tasks on their groups' tickets, and tasks handed to them or their groups
  const visible = visibleGroups(p, policy);
  const outside = visible === 'all' ? [] : groups.filter((g) => !visible.has(g));
  if (outside.length > 0)
    throw new SwitchboardError(
      'SWB_AUTH_FORBIDDEN',
      `this agent token does not cover group(s) ${outside.map((g) => `"${g}"`).join(', ')}; it covers ${visible === 'all' ? 'all' : [...visible].join(', ') || 'no group'}`,
      { path: '?group' },
    );
  return { ...query, visible: (e) => canSeeTask(p, e.ticket, e.task, policy) };
}

/** Tasks: added by hand on a ticket, finished, reassigned or snoozed, and listed across tickets. */
export const taskRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/tickets/:id/tasks',
    operationId: 'addTask',
    summary: 'Add a task to the ticket (name, due, assignee or group, note)',
    tag: 'tasks',
    permission: 'tickets:write',
    body: 'TaskInput',
    ticketScoped: true,
    audited: true,
    ok: { ...result, status: 201 },
    handle: (req, res, ctx) => ctx.actions.addTask(String(req.params.id), req.body as NewTaskInput, actor(res)),
  },
  {
    method: 'post',
    path: '/tickets/:id/tasks/:taskId',
    operationId: 'changeTask',
    summary:
      'Finish a task (`state: done | cancelled`, note), or reassign or snooze it (assignee, group, due); `If-Match: <version>` refuses a stale change (412)',
    tag: 'tasks',
    permission: 'tickets:write',
    body: 'TaskChange',
    ticketScoped: true,
    taskScoped: true,
    audited: true,
    ok: result,
    handle: (req, res, ctx) =>
      ctx.actions.changeTask(
        String(req.params.id),
        String(req.params.taskId),
        req.body as TaskChangeInput,
        actor(res),
        ifMatchOf(req.get('if-match')),
      ),
  },
  {
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary:
      "Tasks across tickets, soonest due first, cursor paginated: a to-do list by assignee, group, state and due time (agents: their groups' and their own)",
    tag: 'tasks',
    permission: 'tickets:read',
    query: 'TaskListQuery',
    ok: { status: 200, schema: 'TaskPage', description: '`{ items: [{ task, ticket }], nextCursor? }`' },
    handle(req, res, ctx) {
      const page = unavailable(ctx.tasks, req).list(taskQueryOf(req, res, ctx));
      return page.next ? { items: page.items, nextCursor: encodeTaskCursor(page.next) } : { items: page.items };
    },
  },
];
