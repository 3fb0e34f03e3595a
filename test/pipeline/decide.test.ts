import { describe, expect, it } from 'vitest';
import { decide, decideSync } from '../../src/core/pipeline/decide.ts';
import type { TicketInput } from '../../src/core/model/ticket.ts';
import { loadBasePolicy } from '../helpers/base-policy.ts';

describe('decide without a trace (replay)', () => {
  it('decides exactly as with the trace, and builds no trace', async () => {
    const policy = await loadBasePolicy();
    const at = new Date('2026-11-02T10:00:00Z');
    const inputs: TicketInput[] = [
      { channel: 'phone', subject: '支付失败,扣款了但订单没有生成', customer: { id: 'c1', tier: 'vip' } },
      { channel: 'email', subject: 'refund request for order', description: 'arrived broken', customer: { id: 'c2' } },
      { channel: 'chat', subject: 'hello', customer: { id: 'c3' }, category: 'order/damaged' },
    ];
    for (const input of inputs) {
      const traced = (await decide(policy, input, at))!;
      const plain = decideSync(policy, input, at, { trace: false })!;
      expect(traced.trace.length).toBeGreaterThan(0);
      expect(plain.trace).toEqual([]);
      expect({ ...plain, trace: traced.trace }).toStrictEqual(traced);
      expect(await decide(policy, input, at, { trace: false })).toStrictEqual(plain);
    }
  });
});
