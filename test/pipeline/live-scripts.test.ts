import { describe, expect, it } from 'vitest';
import { presetPath } from '../../src/runtime/presets.ts';
import { testScope } from '../helpers/cleanups.ts';
import { api } from '../helpers/server.ts';

describe('scripts from live data (e-commerce preset)', () => {
  const scope = testScope();

  it('offers only the scripts whose when holds, fills declared fields, and renders again from the ticket now', async () => {
    const s = await scope.server({ config: presetPath('ecommerce') });
    const order = (
      await api(s.url, 'POST', '/api/tickets', {
        channel: 'chat',
        subject: '我的订单到哪了',
        customer: { id: 'c1' },
        locale: 'zh-CN',
        fields: { orderNo: 'SO-88231' },
      })
    ).body;
    expect(order.category.startsWith('order/')).toBe(true);
    // the delay script names the customer's order number, not the ticket number
    expect(order.scripts.orderDelay.text).toContain('您的订单SO-88231发货将延迟');
    expect(order.scripts.orderDelay.text).not.toContain(order.number);
    // a pre-sales greeting is not offered on an order ticket
    expect(order.scripts.presalesGreeting).toBeUndefined();

    const presales = (
      await api(s.url, 'POST', '/api/tickets', {
        channel: 'chat',
        subject: '这款有货吗?多少钱',
        customer: { id: 'c2' },
        locale: 'zh-CN',
      })
    ).body;
    expect(Object.keys(presales.scripts)).toContain('presalesGreeting');
    expect(presales.scripts.orderDelay).toBeUndefined();

    // rendered now: after a reassignment the greeting names the new agent
    const other = presales.assignee === 'feng' ? 'qian' : 'feng';
    await api(s.url, 'POST', `/api/tickets/${presales.id}/assign`, { assignee: other });
    const live = await api(s.url, 'GET', `/api/tickets/${presales.id}/scripts`);
    expect(live.status).toBe(200);
    const name = other === 'feng' ? '冯晓' : '钱多多';
    expect(live.body.scripts.presalesGreeting.text).toContain(name);
    const english = await api(s.url, 'GET', `/api/tickets/${presales.id}/scripts?locale=en`);
    expect(english.body.scripts.presalesGreeting).toMatchObject({ locale: 'en' });
    expect(english.body.scripts.presalesGreeting.text).toContain('Hello, this is the Example Shop service centre');
  });

  it('an unknown field or constant in a script is a load error at its position with did-you-mean', async () => {
    const s = await scope.server();
    const r = await api(s.url, 'POST', '/api/policy/validate', {
      text: [
        'extends: preset:base',
        'constants: { company: 示例公司 }',
        'scripts:',
        '  delay:',
        '    en: "Order {{fields.ordrNo}} from {{constants.compnay}}"',
        '',
      ].join('\n'),
    });
    expect(r.body.ok).toBe(false);
    const messages = r.body.problems.map((p: { code: string; message: string; line: number }) => [
      p.code,
      p.line,
      p.message,
    ]);
    expect(messages).toEqual([
      ['SWB_CONFIG_TEMPLATE', 5, expect.stringContaining('{{fields.ordrNo}} (did you mean "orderNo"?)')],
      ['SWB_CONFIG_TEMPLATE', 5, expect.stringContaining('{{constants.compnay}} (did you mean "company"?)')],
    ]);
  });
});
