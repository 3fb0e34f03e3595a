import { describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import { testScope } from '../helpers/cleanups.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { api } from '../helpers/server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const policyText = `${followUpPolicyText}  - id: after-close
    when: { all: [{ fact: category, operator: equal, value: question }] }
    tasks:
      - { id: how-did-it-go, name: Ask how it went, from: closed, due: 2d, assign: { group: front } }
      - { id: touch, name: Periodic touch, due: 1d, repeat: 7d, afterClose: true, assign: { group: front } }
      - { id: reminder, name: Internal reminder, due: 5d, assign: { group: front } }
`;

describe('tasks after a ticket closed', () => {
  const scope = testScope();
  const start = async (dataDir: string, clock: ManualClock) => {
    const server = await scope.server({ sources: [{ file: 'policy.yaml', text: policyText }], clock, dataDir });
    const due: string[] = [];
    server.sb.events.subscribe('task.due', (e) => due.push(e.task.id));
    return { server, due, call: (m: string, p: string, b?: unknown) => api(server.url, m, p, b) };
  };

  it('from: closed and afterClose tasks come due on a closed ticket, also after a restart; the others stop', async () => {
    const dataDir = await scope.tempDir();
    const clock = createManualClock('2026-12-01T10:00:00Z');
    const h = await start(dataDir, clock);
    const ticket = (
      await h.call('POST', '/api/tickets', { channel: 'mail', subject: 'question', customer: { id: 'C1' } })
    ).body;
    expect(ticket.tasks.map((t: { id: string }) => t.id)).toEqual(['after-close/touch', 'after-close/reminder']);

    await clock.advance(1.5 * DAY);
    expect(h.due).toEqual(['after-close/touch']);

    await h.call('POST', `/api/tickets/${ticket.id}/status`, { status: 'solved' });
    const closed = await h.call('POST', `/api/tickets/${ticket.id}/status`, { status: 'archived' });
    expect(closed.body.status).toBe('archived');
    await h.server.sb.triggers.idle();
    const afterClose = (await h.call('GET', `/api/tickets/${ticket.id}`)).body;
    expect(afterClose.tasks.find((t: { id: string }) => t.id === 'after-close/how-did-it-go')).toMatchObject({
      state: 'open',
      dueAt: new Date(Date.parse(afterClose.closedAt) + 2 * DAY).toISOString(),
      afterClose: true,
    });

    // 6 days on: the close's own task comes due; the reminder (due on day 5) does not, the ticket is closed
    await clock.advance(6 * DAY);
    expect(h.due).toEqual(['after-close/touch', 'after-close/how-did-it-go']);

    // the next touch (day 8) still comes due after a restart, from the stored ticket
    await h.server.close();
    const again = await start(dataDir, clock);
    await clock.advance(1 * DAY);
    expect(again.due).toEqual(['after-close/touch~2']);
    const stored = (await again.call('GET', `/api/tickets/${ticket.id}`)).body;
    expect(Object.fromEntries(stored.tasks.map((t: { id: string; state: string }) => [t.id, t.state]))).toEqual({
      'after-close/touch': 'due',
      'after-close/reminder': 'open',
      'after-close/touch~2': 'due',
      'after-close/touch~3': 'open',
      'after-close/how-did-it-go': 'due',
    });
  });
});
