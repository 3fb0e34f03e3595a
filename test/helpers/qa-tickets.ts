import type { Ticket } from '../../src/core/model/ticket.ts';
import { makeTicket } from './ticket-fixture.ts';
import { seededRandom as prng } from './random.ts';

const agents = ['chen', 'sun', 'zhou', 'wang', 'li', 'zhao', 'he', 'lin'];

/**
 * Resolved tickets spread over `days` days from `start` (UTC 01:00–13:00, i.e. the same local
 * day in Asia/Shanghai), with a share of low CSAT scores and breached deadlines.
 */
export function generateTickets(count: number, opts: { seed?: number; start?: string; days?: number } = {}): Ticket[] {
  const rnd = prng(opts.seed ?? 1);
  const start = Date.parse(opts.start ?? '2026-10-01T00:00:00Z');
  const days = opts.days ?? 10;
  const out: Ticket[] = [];
  for (let i = 0; i < count; i++) {
    const day = i % days;
    const created = start + day * 86_400_000 + 3_600_000 + Math.floor(rnd() * 6 * 3_600_000);
    const resolved = created + Math.floor(rnd() * 5 * 3_600_000);
    const agent = agents[Math.floor(rnd() * agents.length)]!;
    const breached = rnd() < 0.1;
    const base = makeTicket();
    const ticket: Ticket = {
      ...base,
      id: `t_${String(i).padStart(6, '0')}`,
      number: `2026100${day}${String(i).padStart(4, '0')}`,
      status: 'resolved',
      assignee: agent,
      firstResponder: agent,
      firstResponseAt: new Date(created + 600_000).toISOString(),
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(resolved).toISOString(),
      resolvedAt: new Date(resolved).toISOString(),
      resolver: agent,
      sla: {
        ...base.sla,
        firstResponse: { ...base.sla.firstResponse!, state: breached ? 'breached' : 'met' },
        resolution: { ...base.sla.resolution!, state: 'met' },
      },
      ...(rnd() < 0.7
        ? {
            csat: {
              score: rnd() < 0.15 ? 1 + Math.floor(rnd() * 2) : 3 + Math.floor(rnd() * 3),
              at: new Date(resolved).toISOString(),
            },
          }
        : {}),
    };
    out.push(ticket);
  }
  return out;
}
