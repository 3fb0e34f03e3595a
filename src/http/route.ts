import type { Request, Response } from 'express';
import { type Permission, type Role, roleNames, rolePermissions } from '../auth/roles.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** A definition of schemas/api.schema.json that validates a body or a query. */
export type SchemaName =
  | 'TicketInput'
  | 'ReplyInput'
  | 'StatusInput'
  | 'CsatInput'
  | 'CallEventInput'
  | 'AssignInput'
  | 'EscalateInput'
  | 'MergeInput'
  | 'TagsInput'
  | 'TaskInput'
  | 'TaskChange'
  | 'TaskListQuery'
  | 'TaskMetricsQuery'
  | 'TokenInput'
  | 'TicketListQuery'
  | 'AuditQuery'
  | 'ExplainQuery'
  | 'SimulateInput'
  | 'TicketPatch'
  | 'QaSampleInput'
  | 'QaReviewInput'
  | 'QaQueueQuery'
  | 'QaExportQuery'
  | 'FaqMatchInput'
  | 'PresenceInput'
  | 'QueueQuery'
  | 'MetricsQuery'
  | 'DashboardQuery'
  | 'DailyReportQuery'
  | 'KeptReportQuery'
  | 'ImportQuery'
  | 'ScriptsQuery';

/** What a route declares about itself: everything but its handler. */
export interface RouteSpec {
  method: Method;
  /** Express path relative to the API mount (`/api`), or absolute when `root` is set. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `public` needs no token. */
  permission: Permission | 'public';
  /** Validated by the guard before the handler runs (the handler trusts it). */
  body?: SchemaName;
  /**
   * A body that is text, not JSON (e.g. JSONL or CSV): read after the guard admitted the caller,
   * as a string, up to `limit` bytes (past it 413 SWB_API_BODY_TOO_LARGE), for these media types.
   */
  textBody?: { types: readonly string[]; limit: number };
  /** Validated by the guard; a route without one takes no query parameters. */
  query?: SchemaName;
  /** The `:id` is a ticket: agents may use the route only on their groups' tickets. */
  ticketScoped?: boolean;
  /**
   * With `ticketScoped`: `:taskId` is a task on that ticket, and agents may also use the route
   * on a task assigned to them or to one of their groups when the ticket is another group's.
   */
  taskScoped?: boolean;
  /** Changes state: written to the audit log. */
  audited?: boolean;
  /** Served outside `/api` (e.g. `/metrics`). */
  root?: boolean;
  /**
   * Success status and what the body is (a components.schemas name or a description). A JSON
   * answer is sent with this status.
   */
  ok: { status: number; schema?: string; description: string; contentType?: string };
}

/**
 * One route, declared once: its spec and its handler. The handler gets the request after the
 * guard (authenticated, permitted, in scope, body and query valid) and the deps `C` of the
 * router it is mounted on. It returns the JSON answer (sent with `ok.status`, masked and audited
 * as the spec says), or undefined when it answered itself (CSV, HTML, text).
 */
export interface Route<C> extends RouteSpec {
  handle: (req: Request, res: Response, ctx: C) => unknown;
}

/** `/tickets/:id` → `/api/tickets/{id}` (OpenAPI) */
export const openApiPath = (r: RouteSpec) => `${r.root ? '' : '/api'}${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

/** `GET /api/tickets/:id`: how the route is written in documents and messages. */
export const routeLabel = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.root ? '' : '/api'}${r.path}`;

/** The roles that hold the route's permission (none for a public route: it needs no token). */
export const rolesOf = (spec: RouteSpec): Role[] =>
  spec.permission === 'public'
    ? []
    : roleNames.filter((role) => rolePermissions[role].has(spec.permission as Permission));
