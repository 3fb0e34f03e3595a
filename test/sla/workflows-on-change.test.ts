import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { presetPath } from '../../src/runtime/presets.ts';
import { testScope } from '../helpers/cleanups.ts';
import { api } from '../helpers/server.ts';

describe('workflows run on change (e-commerce preset)', () => {
  const scope = testScope();

  it('a delivery recorded after intake adds the call-back; a corrected promise moves the delay notice', async () => {
    // a clock before the dates below: the call-back and the delay notice are still ahead
    const s = await scope.server({ config: presetPath('ecommerce'), clock: createManualClock('2026-12-02T02:00:00Z') });
    const t = (
      await api(s.url, 'POST', '/api/tickets', {
        channel: 'chat',
        subject: '我的订单到哪了',
        customer: { id: 'c1' },
        fields: { orderNo: 'SO-7' },
      })
    ).body;
    const ids = (ticket: { tasks?: { id: string }[] }) => (ticket.tasks ?? []).map((k) => k.id);
    expect(ids(t)).toContain('order-follow-up/confirm-order');
    expect(ids(t)).not.toContain('order-follow-up/delivery-call-back');

    await api(s.url, 'PATCH', `/api/tickets/${t.id}`, {
      fields: { deliveredAt: '2026-12-03T10:00:00+08:00', promisedShipAt: '2026-12-10T12:00:00+08:00' },
    });
    await s.sb.triggers.idle();
    let now = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    const task = (id: string) => now.tasks.find((k: { id: string }) => k.id === `order-follow-up/${id}`);
    expect(task('delivery-call-back')).toMatchObject({
      state: 'open',
      dueAt: '2026-12-04T02:00:00.000Z',
      channel: 'phone',
    });
    expect(task('announce-delay')).toMatchObject({ state: 'open', dueAt: '2026-12-08T04:00:00.000Z' });
    expect(now.history.at(-1)).toMatchObject({ type: 'workflow', actor: 'workflow' });

    // the promised date is corrected: the delay notice moves with it, nothing is added twice
    await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { fields: { promisedShipAt: '2026-12-12T12:00:00+08:00' } });
    await s.sb.triggers.idle();
    now = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(task('announce-delay').dueAt).toBe('2026-12-10T04:00:00.000Z');
    expect(ids(now).filter((id) => id === 'order-follow-up/delivery-call-back')).toHaveLength(1);
    expect(now.history.at(-1).note).toContain('task order-follow-up/announce-delay moved');
  });
});
