import { describe, expect, it } from 'vitest';
import { createMetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import { parseHeadKeeping } from '../../src/core/metrics/saved-head.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const policy = policyFromText(followUpPolicyText);

describe('reading a few projections of the saved metrics head', () => {
  const index = createMetricsIndex({ policy: () => policy });
  for (let i = 0; i < 30; i++)
    index.apply(
      makeTicket({
        id: `t${i}`,
        createdAt: `2026-12-0${1 + (i % 5)}T10:00:00.000Z`,
        group: i % 2 ? 'front' : 'field',
        sla: { policyId: 'round-the-clock', calendarId: '24x7' },
      }),
    );
  const head = index.save()[0]!;

  it('gives the head a whole parse gives, with only the projections asked for', () => {
    const whole = JSON.parse(head) as { projections: Record<string, unknown> };
    expect(Object.keys(whole.projections).length).toBeGreaterThan(5);
    const keep = (name: string) => name === '' || name === 'channel';
    const partial = parseHeadKeeping(head, keep);
    const projections = Object.fromEntries(Object.entries(whole.projections).filter(([name]) => keep(name)));
    expect(partial).toEqual({ ...whole, projections });
  });

  it('answers nothing (the caller parses whole) for text not laid out as the saver writes it', () => {
    expect(parseHeadKeeping(JSON.stringify(JSON.parse(head), null, 1), () => true)).toBeUndefined();
    expect(parseHeadKeeping('{"kind":"metrics"}', () => true)).toBeUndefined();
  });
});
