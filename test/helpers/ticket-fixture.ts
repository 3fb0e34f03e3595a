import type { Ticket } from '../../src/core/model/ticket.ts';

/** A complete, valid Ticket; override what a test cares about. Deterministic unless overridden. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const createdAt = overrides.createdAt ?? '2026-01-05T09:00:00.000Z';
  const base: Ticket = {
    id: 'tkt_0000000001',
    number: '20260105001',
    version: 1,
    status: 'new',
    channel: 'email',
    category: 'inquiry/account',
    priority: 'P2',
    group: 'product-support',
    assignee: null,
    collaborators: [],
    subject: 'Cannot export my data',
    description: 'The export button does nothing.',
    customer: {
      id: 'cus_1',
      name: 'Ada Lovelace',
      tier: 'standard',
      email: 'ada@example.com',
      locale: 'en',
      timezone: 'Europe/London',
    },
    fields: { product: 'reports' },
    tags: ['export'],
    locale: 'en',
    sla: {
      policyId: 'standard',
      calendarId: 'business-hours',
      firstResponse: {
        targetMs: 7_200_000,
        startedAt: createdAt,
        dueAt: '2026-01-05T11:00:00.000Z',
        warnAt: ['2026-01-05T10:30:00.000Z'],
        state: 'running',
      },
      resolution: {
        targetMs: 86_400_000,
        startedAt: createdAt,
        dueAt: '2026-01-06T09:00:00.000Z',
        warnAt: ['2026-01-06T07:00:00.000Z'],
        state: 'running',
      },
    },
    createdAt,
    updatedAt: createdAt,
    replies: [],
    scripts: { greeting: { locale: 'en', text: 'Hello Ada, thanks for writing.' } },
    decisions: {
      policyVersion: 'p1',
      category: { value: 'inquiry/account', by: 'input' },
      priority: { value: 'P2', by: 'rule', ruleId: 'default-priority' },
      sla: { value: 'standard', by: 'default' },
      group: { value: 'product-support', by: 'rule', ruleId: 'route-inquiry' },
      assignee: { value: null, by: 'none' },
    },
    history: [{ at: createdAt, actor: 'system', type: 'created', policyVersion: 'p1' }],
  };
  return { ...base, ...overrides };
}
