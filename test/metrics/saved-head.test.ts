import { describe, expect, it } from 'vitest';
import { createMetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import { parseHeadKeeping } from '../../src/core/metrics/saved-head.ts';
import { readSavedMetrics } from '../../src/core/metrics/saved-metrics.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const policy = policyFromText(followUpPolicyText);

describe('the saved metrics head as part lines', () => {
  const index = createMetricsIndex({ policy: () => policy });
  for (let i = 0; i < 30; i++)
    index.apply(
      makeTicket({
        id: `t${i}`,
        createdAt: `2026-12-0${1 + (i % 5)}T10:00:00.000Z`,
        group: i % 2 ? 'front' : 'field',
        priority: i % 3 ? 'P2' : 'P1',
        sla: { policyId: 'round-the-clock', calendarId: '24x7' },
      }),
    );
  const lines = index.save({ pieceChars: 400 });
  const head = JSON.parse(lines[0]!) as { parts: number };
  const parts = lines.slice(1, 1 + head.parts);

  it('no part line is longer than the bound, and days too big for one line are cut', () => {
    expect(parts.length).toBeGreaterThan(29); // more lines than projections
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(400);
    const daysByProjection = new Map<string, string[]>();
    for (const p of parts.filter((x) => x.startsWith('cells\t'))) {
      const [, name, items] = p.split('\t') as [string, string, string];
      const days = daysByProjection.get(name) ?? [];
      for (const [day] of JSON.parse(items) as [string][]) days.push(day);
      daysByProjection.set(name, days);
    }
    // some day's cells ran over more than one line
    expect([...daysByProjection.values()].some((days) => new Set(days).size < days.length)).toBe(true);
  });

  it('a few projections read alone give what a whole read gives for them', () => {
    const whole = parseHeadKeeping(parts);
    if (typeof whole === 'string') throw new Error(whole);
    expect(whole.projections.size).toBeGreaterThan(5);
    const keep = (name: string) => name === '' || name === 'channel';
    const partial = parseHeadKeeping(parts, keep);
    if (typeof partial === 'string') throw new Error(partial);
    expect([...partial.projections.keys()].sort()).toEqual(['', 'channel']);
    expect(partial.projections.get('channel')).toEqual(whole.projections.get('channel'));
    expect(partial.dims).toEqual(whole.dims);
    expect(partial.tasks).toEqual(whole.tasks);
  });

  it('lines of projections not asked for are skipped unparsed; a damaged part is named when it is read', () => {
    const at = parts.findIndex((p) => p.startsWith('cells\t"group,agent"'));
    const damaged = [...parts];
    damaged[at] = `${damaged[at]!.slice(0, -5)}`;
    expect(typeof parseHeadKeeping(damaged, (name) => name === 'channel')).toBe('object');
    expect(parseHeadKeeping(damaged)).toBe(`part ${at + 1} of the saved metrics head (cells) does not parse`);
    expect(parseHeadKeeping(['{"kind":"metrics"}'])).toBe('part 1 of the saved metrics head is not a part line');
    const saved = readSavedMetrics([lines[0]!, ...damaged, ...lines.slice(1 + head.parts)]);
    expect(saved).toBe(`part ${at + 1} of the saved metrics head (cells) does not parse`);
  });
});
