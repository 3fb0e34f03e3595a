import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate } from '../../src/pipeline/template.ts';

describe('the `when` filter: a deadline in the customer’s zone and language', () => {
  const due = '2026-01-12T06:30:00.000Z'; // Monday 14:30 in Shanghai, 07:30 in Berlin
  const cases: [string, string, string, string][] = [
    ['en', 'Asia/Shanghai', 'I will follow up before {{sla.firstResponse.due | when}}.', 'I will follow up before 14:30 on Monday.'],
    ['zh-CN', 'Asia/Shanghai', '我将在{{sla.firstResponse.due | when}}前跟进。', '我将在周一 14:30前跟进。'],
    ['en-GB', 'Europe/Berlin', 'before {{sla.firstResponse.due | when}}', 'before 07:30 on Monday'],
    ['de', 'Europe/Berlin', 'bis {{sla.firstResponse.due | when}}', 'bis Montag, 07:30'],
  ];
  it.each(cases)('%s in %s', (locale, timezone, text, expected) => {
    expect(checkTemplate(text)).toEqual([]);
    expect(renderTemplate(text, { values: { 'sla.firstResponse.due': due }, timezone, locale })).toBe(expected);
  });
});
