import type { Request } from 'express';
import { roleAllows } from '../auth/roles.ts';
import { type ApiContext, type ApiRoute, unavailable } from './api-context.ts';
import { principalOf } from './guard.ts';

const groupOf = (req: Request) => (typeof req.query.group === 'string' ? req.query.group : undefined);
const board = (req: Request, ctx: ApiContext) => unavailable(ctx.board, req);

/**
 * What the built-in dashboard reads beside the live events: who is looking (which cards to
 * show), and the supervisor's cards (agents, today's SLA and CSAT with today's counters, refused
 * policy changes) for admins and supervisors (`reports:read`).
 */
export const dashboardRoutes: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/dashboard',
    operationId: 'getDashboardAccess',
    summary: "The caller's role, and whether the dashboard shows it the supervisor's cards",
    tag: 'dashboard',
    permission: 'dashboard:read',
    ok: { status: 200, description: "`{ role, supervisor, locale }` (locale: the live policy's)" },
    handle(_req, res, ctx) {
      const role = principalOf(res)?.role ?? 'admin';
      return { role, supervisor: roleAllows(role, 'reports:read'), locale: ctx.policy().locale };
    },
  },
  {
    method: 'get',
    path: '/dashboard/agents',
    operationId: 'getDashboardAgents',
    summary: 'The agent board: presence, on shift now, load against capacity per channel kind (?group)',
    tag: 'dashboard',
    permission: 'reports:read',
    query: 'DashboardQuery',
    ok: {
      status: 200,
      description:
        '`{ group, items: [{ id, name, presence, presenceSince?, onShift, absent, groups, load, capacity, kinds: [{ kind, load, capacity }], utilisation }] }`',
    },
    handle: (req, _res, ctx) => board(req, ctx).agents(groupOf(req)),
  },
  {
    method: 'get',
    path: '/dashboard/today',
    operationId: 'getDashboardToday',
    summary: "Today's SLA attainment per target, CSAT, first response and counters (?group), policy time zone",
    tag: 'dashboard',
    permission: 'reports:read',
    query: 'DashboardQuery',
    ok: {
      status: 200,
      description:
        '`{ day, timezone, group, tickets, sla: { firstResponse, resolution }, csat: { count, avgScore, satisfiedRate, target }, frt, frtByGroup, counters: { events, breaches, warnings, escalations, refusals } }`',
    },
    handle: (req, _res, ctx) => board(req, ctx).today(groupOf(req)),
  },
  {
    method: 'get',
    path: '/dashboard/refusals',
    operationId: 'getDashboardRefusals',
    summary: 'Refused policy changes (reloads that did not validate), newest first',
    tag: 'dashboard',
    permission: 'reports:read',
    ok: { status: 200, description: '`{ items: [{ at, problems: [{ file, line, col, code, message }] }] }`' },
    handle: (req, _res, ctx) => board(req, ctx).refusals(),
  },
];
