import type { Permission } from '../auth/roles.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type SchemaName =
  | 'TicketInput'
  | 'ReplyInput'
  | 'StatusInput'
  | 'CsatInput'
  | 'AssignInput'
  | 'EscalateInput'
  | 'MergeInput'
  | 'TagsInput'
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
  | 'DailyReportQuery';

export interface RouteSpec {
  method: Method;
  /** Express path relative to the API mount (`/api`), or absolute when `root` is set. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `public` needs no token. */
  permission: Permission | 'public';
  body?: SchemaName;
  query?: SchemaName;
  /** The `:id` is a ticket: agents may use the route only on their groups' tickets. */
  ticketScoped?: boolean;
  /** Changes state: written to the audit log. */
  audited?: boolean;
  /** Served outside `/api` (e.g. `/metrics`). */
  root?: boolean;
  /** Success status and what the body is (a components.schemas name or a description). */
  ok: { status: number; schema?: string; description: string; contentType?: string };
}

/**
 * Every route, once: the guard (auth, role, scope, validation, audit), the OpenAPI document
 * and the role × route test are all generated from this table. A route not listed here is
 * admin-only (secure by default for routes added elsewhere).
 */
export const routeTable: readonly RouteSpec[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness and versions',
    tag: 'system',
    permission: 'public',
    ok: { status: 200, description: '`{ status, store, policyVersion, startedAt, version }`' },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    permission: 'public',
    ok: { status: 200, description: 'OpenAPI document' },
  },
  {
    method: 'get',
    path: '/policy',
    operationId: 'getPolicy',
    summary: 'The live policy: channels, categories, statuses, priorities, groups, SLAs',
    tag: 'policy',
    permission: 'policy:read',
    ok: { status: 200, description: 'policy summary' },
  },
  {
    method: 'post',
    path: '/tickets',
    operationId: 'createTicket',
    summary: 'Create a ticket (classified, prioritised, SLA, routed)',
    tag: 'tickets',
    permission: 'tickets:create',
    body: 'TicketInput',
    query: 'ExplainQuery',
    audited: true,
    ok: { status: 201, schema: 'Ticket', description: 'the new ticket' },
  },
  {
    method: 'get',
    path: '/tickets',
    operationId: 'listTickets',
    summary: 'List tickets, newest first, cursor paginated',
    tag: 'tickets',
    permission: 'tickets:read',
    query: 'TicketListQuery',
    ok: { status: 200, schema: 'TicketPage', description: '`{ items, nextCursor? }`' },
  },
  {
    method: 'get',
    path: '/tickets/:id',
    operationId: 'getTicket',
    summary: 'One ticket',
    tag: 'tickets',
    permission: 'tickets:read',
    ticketScoped: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'patch',
    path: '/tickets/:id',
    operationId: 'updateTicket',
    summary: 'Change priority, channel or group; SLA clocks are recomputed keeping elapsed business time',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'TicketPatch',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'post',
    path: '/tickets/:id/replies',
    operationId: 'replyTicket',
    summary: 'Add a reply or an internal note (`internal: true`)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'ReplyInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 201, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'post',
    path: '/tickets/:id/status',
    operationId: 'setTicketStatus',
    summary: 'Change the status (lifecycle checked)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'StatusInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'post',
    path: '/tickets/:id/csat',
    operationId: 'rateTicket',
    summary: 'Record customer satisfaction (1–5)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'CsatInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'post',
    path: '/tickets/:id/assign',
    operationId: 'assignTicket',
    summary: 'Assign to an agent and/or move to a group',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'AssignInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'post',
    path: '/tickets/:id/escalate',
    operationId: 'escalateTicket',
    summary: 'Escalate: raise the priority (one level or to a given one), optionally move group',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'EscalateInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'post',
    path: '/tickets/:id/merge',
    operationId: 'mergeTicket',
    summary: 'Merge into another ticket: replies appended to the target, source closed with a link',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'MergeInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'MergeResult', description: '`{ source, target }`' },
  },
  {
    method: 'post',
    path: '/tickets/:id/tags',
    operationId: 'addTags',
    summary: 'Add tags',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'TagsInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'delete',
    path: '/tickets/:id/tags',
    operationId: 'removeTags',
    summary: 'Remove tags',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'TagsInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'Ticket', description: 'the ticket' },
  },
  {
    method: 'get',
    path: '/agents',
    operationId: 'listAgents',
    summary: 'Agents of the live policy with groups, presence, shift, absence, skills, capacity and load',
    tag: 'agents',
    permission: 'agents:read',
    ok: {
      status: 200,
      description:
        '`{ items: [{ id, name, presence, presenceSince?, onShift, calendar, absent, groups, leads, skills, capacity, load }] }`',
    },
  },
  {
    method: 'put',
    path: '/agents/:id/presence',
    operationId: 'setAgentPresence',
    summary: "Set an agent's presence (agent tokens: only their own)",
    tag: 'agents',
    permission: 'tickets:write',
    body: 'PresenceInput',
    audited: true,
    ok: { status: 200, description: 'the agent as in GET /agents' },
  },
  {
    method: 'get',
    path: '/queues',
    operationId: 'listQueues',
    summary: 'Per group, the waiting tickets in the order they will be offered',
    tag: 'agents',
    permission: 'agents:read',
    query: 'QueueQuery',
    ok: { status: 200, description: '`{ items: [{ group, count, byPriority, tickets }] }`' },
  },
  {
    method: 'get',
    path: '/tokens',
    operationId: 'listTokens',
    summary: 'List access tokens (never the secrets)',
    tag: 'security',
    permission: 'tokens:admin',
    ok: { status: 200, description: '`{ items: [{ id, name, role, agent?, groups?, createdAt, revokedAt? }] }`' },
  },
  {
    method: 'post',
    path: '/tokens',
    operationId: 'createToken',
    summary: 'Create a token; the secret is shown once',
    tag: 'security',
    permission: 'tokens:admin',
    body: 'TokenInput',
    audited: true,
    ok: { status: 201, description: '`{ token, id, name, role, ... }`' },
  },
  {
    method: 'delete',
    path: '/tokens/:id',
    operationId: 'revokeToken',
    summary: 'Revoke a token',
    tag: 'security',
    permission: 'tokens:admin',
    audited: true,
    ok: { status: 200, description: 'the revoked token' },
  },
  {
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'Audit log entries, oldest first',
    tag: 'security',
    permission: 'audit:read',
    query: 'AuditQuery',
    ok: { status: 200, description: '`{ items, next? }`' },
  },
  {
    method: 'post',
    path: '/policy/validate',
    operationId: 'validatePolicy',
    summary: 'Check a candidate policy ({ text } or { files: [{ file, text }] }) without applying it',
    tag: 'policy',
    permission: 'policy:admin',
    ok: { status: 200, description: '`{ ok, version?, problems }`' },
  },
  {
    method: 'post',
    path: '/simulate',
    operationId: 'simulate',
    summary: 'Replay historical tickets through a candidate policy against the live one',
    tag: 'policy',
    permission: 'reports:read',
    body: 'SimulateInput',
    ok: { status: 200, description: '`{ tickets, changed, baseline, candidate, changes, asOf }`' },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getTicketMetrics',
    summary: 'Ticket metrics (volume, response/resolution times, SLA, backlog, CSAT) per day from the live aggregates',
    tag: 'reports',
    permission: 'reports:read',
    query: 'MetricsQuery',
    ok: { status: 200, description: '`{ from, to, timezone, groupBy, totals, series, groups }`' },
  },
  {
    method: 'get',
    path: '/tickets.csv',
    operationId: 'exportTicketsCsv',
    summary: 'Tracking table of the tickets that arrived in ?from..?to, as CSV',
    tag: 'reports',
    permission: 'reports:read',
    query: 'MetricsQuery',
    ok: { status: 200, description: 'CSV (UTF-8 with BOM)', contentType: 'text/csv' },
  },
  {
    method: 'get',
    path: '/reports/daily',
    operationId: 'getDailyReport',
    summary: 'Daily efficiency report (?date, ?format=json|html|csv)',
    tag: 'reports',
    permission: 'reports:read',
    query: 'DailyReportQuery',
    ok: { status: 200, description: 'the daily report' },
  },
  {
    method: 'post',
    path: '/tickets/:id/survey',
    operationId: 'issueSurvey',
    summary: 'Issue a satisfaction survey link for a ticket',
    tag: 'tickets',
    permission: 'tickets:write',
    ticketScoped: true,
    audited: true,
    ok: { status: 201, description: '`{ token, path, expiresAt }`' },
  },
  {
    method: 'post',
    path: '/qa/sample',
    operationId: 'qaSample',
    summary:
      'Sample each day from..to of resolved tickets for quality review (seeded, weighted; sampled days are kept)',
    tag: 'qa',
    permission: 'qa:review',
    body: 'QaSampleInput',
    audited: true,
    ok: { status: 200, description: '`{ periods: [{ period, population, size, existing }] }`' },
  },
  {
    method: 'get',
    path: '/qa/queue',
    operationId: 'qaQueue',
    summary: 'Sampled tickets awaiting review (or reviewed / all), with the inputs of each sampling decision',
    tag: 'qa',
    permission: 'qa:review',
    query: 'QaQueueQuery',
    ok: {
      status: 200,
      description: '`{ items: [{ ticketId, period, agent, weight, u, key, csat?, breached, newAgent, review? }] }`',
    },
  },
  {
    method: 'get',
    path: '/qa/samples/:period',
    operationId: 'qaSampleRecord',
    summary: "The audit record of one day's sample: seed, rate, population and every ticket's decision",
    tag: 'qa',
    permission: 'qa:review',
    ok: {
      status: 200,
      description: '`{ period, from, to, seed, rate, population, size, sampledAt, policyVersion, decisions }`',
    },
  },
  {
    method: 'post',
    path: '/qa/reviews/:id',
    operationId: 'qaReview',
    summary: 'Score a sampled ticket against the checklist',
    tag: 'qa',
    permission: 'qa:review',
    body: 'QaReviewInput',
    audited: true,
    ok: { status: 201, description: '`{ review, agent? }`' },
  },
  {
    method: 'get',
    path: '/qa/agents',
    operationId: 'qaAgents',
    summary: 'Per-agent error rate over the QA window, flagged agents first',
    tag: 'qa',
    permission: 'qa:review',
    ok: {
      status: 200,
      description: '`{ window, threshold, errorRate, items: [{ agent, reviews, errorRate, flagged, ... }] }`',
    },
  },
  {
    method: 'get',
    path: '/qa/export',
    operationId: 'qaExport',
    summary: 'Export the queue and reviews as JSON or CSV',
    tag: 'qa',
    permission: 'qa:review',
    query: 'QaExportQuery',
    ok: { status: 200, description: 'JSON `{ items }` or CSV with a header row' },
  },
  {
    method: 'post',
    path: '/faq/match',
    operationId: 'faqMatch',
    summary: 'Try the live FAQ against a text, as intake would (best entries with confidence)',
    tag: 'faq',
    permission: 'policy:read',
    body: 'FaqMatchInput',
    ok: { status: 200, description: '`{ minConfidence, match?, candidates }`' },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics',
    tag: 'system',
    permission: 'reports:read',
    root: true,
    ok: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
  },
];

/** `/tickets/:id` → `/tickets/{id}` (OpenAPI) */
export const openApiPath = (r: RouteSpec) => `${r.root ? '' : '/api'}${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
