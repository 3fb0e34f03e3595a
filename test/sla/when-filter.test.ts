import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate } from '../../src/core/pipeline/template.ts';

describe('the `when` filter: a deadline in the customer’s zone and language', () => {
  const due = '2026-01-12T06:30:00.000Z'; // Monday 14:30 in Shanghai, 07:30 in Berlin
  const cases: [string, string, string, string][] = [
    [
      'en',
      'Asia/Shanghai',
      'I will follow up before {{sla.firstResponse.due | when}}.',
      'I will follow up before 14:30 on Monday.',
    ],
    ['zh-CN', 'Asia/Shanghai', '我将在{{sla.firstResponse.due | when}}前跟进。', '我将在周一 14:30前跟进。'],
    ['en-GB', 'Europe/Berlin', 'before {{sla.firstResponse.due | when}}', 'before 07:30 on Monday'],
    ['de', 'Europe/Berlin', 'bis {{sla.firstResponse.due | when}}', 'bis Montag, 07:30'],
  ];
  it.each(cases)('%s in %s', (locale, timezone, text, expected) => {
    expect(checkTemplate(text)).toEqual([]);
    expect(renderTemplate(text, { values: { 'sla.firstResponse.due': due }, timezone, locale })).toBe(expected);
  });
});

describe('date filters read instants in the policy zone, across DST changes', () => {
  const render = (text: string, value: string, timezone: string) =>
    renderTemplate(text, { values: { 'sla.resolution.due': value }, timezone, locale: 'en' });
  it.each([
    // Berlin leaves summer time at 01:00 UTC on 2026-10-25: 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25 02:30'],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25 02:30'],
    // Los Angeles springs forward at 10:00 UTC on 2026-03-08
    ['2026-03-08T09:59:00Z', 'America/Los_Angeles', '2026-03-08 01:59'],
    ['2026-03-08T10:00:00Z', 'America/Los_Angeles', '2026-03-08 03:00'],
    // an offset other than Z, and the day rolling over in the zone
    ['2026-01-12T23:30:00+00:00', 'Asia/Shanghai', '2026-01-13 07:30'],
  ])('%s in %s', (value, timezone, expected) => {
    expect(render('{{sla.resolution.due | datetime}}', value, timezone)).toBe(expected);
    expect(render('{{sla.resolution.due | date}} {{sla.resolution.due | time}}', value, timezone)).toBe(expected);
  });
  it('reads text without an offset as local time in the zone, and leaves non-dates alone', () => {
    expect(render('{{sla.resolution.due | time}}', '2026-01-12T14:30', 'Asia/Shanghai')).toBe('14:30');
    expect(render('{{sla.resolution.due | date}}', 'soon', 'Asia/Shanghai')).toBe('soon');
  });
});

describe('ticket numbers use the local day of arrival', () => {
  it('changes day at local midnight, not UTC midnight', async () => {
    const { ticketNumber } = await import('../../src/runtime/ticket-number.ts');
    expect(ticketNumber(new Date('2026-11-22T15:59:59Z'), 'Asia/Shanghai', 7)).toBe('20261122007');
    expect(ticketNumber(new Date('2026-11-22T16:00:00Z'), 'Asia/Shanghai', 7)).toBe('20261123007');
    expect(ticketNumber(new Date('2026-11-23T04:59:59Z'), 'America/New_York', 1234)).toBe('202611221234');
  });
});
