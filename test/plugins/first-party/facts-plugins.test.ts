import { describe, expect, it } from 'vitest';
import autoReply from '../../../plugins/auto-reply/index.ts';
import holidays from '../../../plugins/holidays/index.ts';
import keywords from '../../../plugins/keywords/index.ts';
import { createManualClock } from '../../../src/core/util/clock.ts';
import { makeSwitchboard, policyText, ticket } from '../helpers.ts';

const rule = (id: string, fact: string, op: string, value: string, priority = 'P1') =>
  `    - { id: ${id}, conditions: { all: [{ fact: ${fact}, operator: ${op}, value: ${value} }] }, event: { type: set-priority, params: { priority: ${priority} } } }\n`;

describe('keywords plugin', () => {
  it('gives category and sentiment facts in Chinese and English that rules use', async () => {
    const text = policyText(
      'plugins:\n  - name: keywords\n    options: { categories: { fault: [卡顿] }, sentiment: { negative: [差劲] } }\nclassification:\n' +
        '  - { id: kw, conditions: { all: [{ fact: keywordCategory, operator: equal, value: fault }] }, event: { type: categorize, params: { category: fault } } }\n',
      rule('upset', 'sentiment', 'equal', 'negative'),
    );
    const sb = await makeSwitchboard(text, { plugins: [keywords] });
    const make = async (subject: string) => (await sb.tickets.create(ticket(subject))).ticket;
    const zh = await make('页面一直卡顿，太差劲了');
    const en = await make('The app keeps crashing, this is terrible and I am furious');
    const happy = await make('Thanks, how do I export my data?');
    expect([zh.category, zh.priority]).toEqual(['fault', 'P1']);
    expect([en.category, en.priority]).toEqual(['fault', 'P1']);
    expect([happy.category, happy.priority]).toEqual(['', 'P2']);
    await sb.close();
  });

  it('replaceDefaults drops the built-in lists', async () => {
    const text = policyText(
      'plugins:\n  - name: keywords\n    options: { replaceDefaults: true, sentiment: { negative: [meh] } }\n',
      rule('upset', 'sentiment', 'equal', 'negative'),
    );
    const sb = await makeSwitchboard(text, { plugins: [keywords] });
    expect((await sb.tickets.create(ticket('terrible, furious'))).ticket.priority).toBe('P2');
    expect((await sb.tickets.create(ticket('meh'))).ticket.priority).toBe('P1');
    await sb.close();
  });
});

describe('holidays plugin', () => {
  it('tells rules whether the ticket arrived on a public holiday in the policy time zone', async () => {
    const text = policyText(
      'timezone: Asia/Shanghai\nplugins:\n  - name: holidays\n    options: { country: CN }\n',
      rule('holiday', 'isHoliday', 'equal', 'true'),
    );
    const clock = createManualClock('2026-09-30T17:00:00Z'); // 2026-10-01 01:00 in Shanghai: National Day
    const sb = await makeSwitchboard(text, { plugins: [holidays], clock });
    expect((await sb.tickets.create(ticket('on the holiday'))).ticket.priority).toBe('P1');
    clock.set('2026-10-12T02:00:00Z');
    expect((await sb.tickets.create(ticket('a working Monday'))).ticket.priority).toBe('P2');
    const source = sb.plugins.holidaySources.get('holidays')!;
    expect(source(2026)).toEqual(expect.arrayContaining(['2026-01-01', '2026-10-01', '2026-10-03']));
    expect(source(2026)).not.toContain('2026-10-12');
    await sb.close();
  });

  it('an unknown country fails setup with a hint', async () => {
    const err = await makeSwitchboard(policyText('plugins:\n  - name: holidays\n    options: { country: XX }\n'), {
      plugins: [holidays],
    }).catch((e: Error & { code: string }) => e);
    expect((err as { code: string }).code).toBe('SWB_PLUGIN_SETUP');
    expect((err as Error).message).toContain('date-holidays does not know country "XX"');
  });
});

describe('auto-reply plugin', () => {
  it('posts the rendered first-response script as a bot reply that is not the first response', async () => {
    const sb = await makeSwitchboard(policyText('plugins:\n  - name: auto-reply\n    options: { botName: Helper }\n'), {
      plugins: [autoReply],
    });
    const { ticket: t } = await sb.tickets.create(ticket('Cannot log in'));
    await sb.plugins.settled();
    const after = await sb.tickets.get(t.id);
    expect(after.replies).toHaveLength(1);
    expect(after.replies[0]).toMatchObject({
      author: { type: 'bot', name: 'Helper' },
      body: "Hello, I'm Ann. You mentioned Cannot log in.",
    });
    expect(after.firstResponseAt).toBeUndefined();
    expect(after.sla.firstResponse?.state).toBe('running');
    expect(after.history.at(-1)?.actor).toBe('plugin:auto-reply');
    const zh = (await sb.tickets.create(ticket('无法登录', { locale: 'zh-CN' }))).ticket;
    await sb.plugins.settled();
    expect((await sb.tickets.get(zh.id)).replies[0]?.body).toBe('您好，我是Ann，您反馈的是无法登录。');
    await sb.close();
  });
});
