import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testScope } from '../helpers/cleanups.ts';
import { api } from '../helpers/server.ts';

const policyYaml = (extra = '') => `
version: 1
id: fields-test
timezone: Asia/Shanghai
locale: en
channels:
  - { id: web, kind: online }
  - { id: phone, kind: voice }
categories: [{ id: inquiry }, { id: delivery }]
defaultCategory: inquiry
priorities: { levels: [P1, P2, P3], default: P2 }
agents:
  - { id: mei, name: Mei }
  - { id: chen, name: Chen }
routing:
  groups:
    - { id: front, members: [mei] }
    - { id: logistics, members: [chen] }
  fallback: front
  rerouteOnChange: true
  rules:
    - id: deliveries-to-logistics
      conditions: { all: [{ fact: category, operator: equal, value: delivery }] }
      event: { type: route, params: { group: logistics } }
fields:
  - { id: orderNo, type: string, maxLength: 20, requiredOn: [web], label: { zh-CN: 订单号, en: Order number } }
  - { id: intent, type: enum, values: [high, low] }
  - { id: deliveredAt, type: datetime }
  - { id: items, type: list }
  - { id: idCard, type: string, pii: true }
slas:
  - id: standard
    targets:
      firstResponse: { P1: 1h, P2: 4h, P3: 8h }
${extra}`;

describe('declared fields and updates after intake', () => {
  const scope = testScope();
  const start = async (yaml = policyYaml()) => {
    const dir = await scope.tempDir();
    const file = join(dir, 'policy.yaml');
    await writeFile(file, yaml);
    return scope.server({ config: file, dataDir: join(dir, 'data') });
  };
  const intake = (url: string, fields: unknown, channel = 'web') =>
    api(url, 'POST', '/api/tickets', { channel, subject: 'where is it', customer: { id: 'c1' }, fields });

  it('intake checks declared fields: type, enum values, required per channel; null means absent', async () => {
    const s = await start();
    const badEnum = await intake(s.url, { orderNo: 'A1', intent: 'medium' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.error).toMatchObject({ code: 'SWB_TICKET_FIELD' });
    expect(badEnum.body.error.message).toContain('fields.intent must be one of "high", "low"');
    const missing = await intake(s.url, { intent: 'high' });
    expect(missing.body.error.message).toContain('fields.orderNo is required on channel web (Order number)');
    const long = await intake(s.url, { orderNo: 'X'.repeat(21) });
    expect(long.body.error.message).toContain('at most 20 characters');
    const noZone = await intake(s.url, { orderNo: 'A1', deliveredAt: '2026-12-02 09:00' });
    expect(noZone.body.error.message).toContain('fields.deliveredAt must be a time with its zone');
    // not required on the phone channel; undeclared keys are kept (fieldRules.strict is off)
    const phone = await intake(s.url, { intent: null, legacyRef: 7 }, 'phone');
    expect(phone.status).toBe(201);
    expect(phone.body.fields).toEqual({ legacyRef: 7 });
  });

  it('strict fields refuse undeclared keys with a did-you-mean; pii fields are masked for viewers', async () => {
    const s = await start(policyYaml('fieldRules: { strict: true }\n'));
    const typo = await intake(s.url, { orderNo: 'A1', intnet: 'high' });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('fields.intnet is not a declared field (did you mean "intent"?)');
    const t = await intake(s.url, { orderNo: 'A1', idCard: '110101199001011234' });
    expect(t.status).toBe(201);
    const viewer = (await api(s.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    const seen = await api(s.url, 'GET', `/api/tickets/${t.body.id}`, undefined, viewer);
    expect(seen.body.fields.orderNo).toBe('A1');
    expect(seen.body.fields.idCard).not.toContain('110101199001011234');
  });

  it('a rule reading an undeclared field is a load error with did-you-mean', async () => {
    const s = await start();
    const candidate = policyYaml().replace(
      'fact: category, operator: equal, value: delivery',
      'fact: fields, path: $.ordreNo, operator: equal, value: x',
    );
    const r = await api(s.url, 'POST', '/api/policy/validate', { text: candidate });
    expect(r.body.ok).toBe(false);
    expect(r.body.problems).toEqual([
      expect.objectContaining({
        code: 'SWB_CONFIG_UNKNOWN_REF',
        message: expect.stringContaining('unknown field "ordreNo" (did you mean "orderNo"?)'),
      }),
    ]);
  });

  it('PATCH reclassifies, merges fields, re-routes when the rules answer differently, and honours If-Match', async () => {
    const s = await start();
    const t = (await intake(s.url, { orderNo: 'A1' })).body;
    expect([t.group, t.assignee, t.category]).toEqual(['front', 'mei', 'inquiry']);

    const first = await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { subject: 'x' }, undefined);
    expect(first.status).toBe(200);
    const refused = await fetch(`${s.url}/api/tickets/${t.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer swb_test-admin-token-for-every-test',
        'if-match': String(t.version),
      },
      body: JSON.stringify({ subject: 'lost edit' }),
    });
    expect(refused.status).toBe(412);
    const body = (await refused.json()) as { error: unknown };
    expect(body.error).toMatchObject({ code: 'SWB_TICKET_STALE', details: { version: t.version + 1 } });

    const moved = await fetch(`${s.url}/api/tickets/${t.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer swb_test-admin-token-for-every-test',
        'if-match': `"${t.version + 1}"`,
      },
      body: JSON.stringify({
        category: 'delivery',
        fields: { deliveredAt: '2026-12-02T09:00:00+08:00', orderNo: 'A2' },
        customer: { tier: 'vip' },
        tags: ['late', 'late'],
      }),
    }).then((r) => r.json() as Promise<any>);
    expect(moved).toMatchObject({
      category: 'delivery',
      group: 'logistics',
      assignee: null,
      fields: { orderNo: 'A2', deliveredAt: '2026-12-02T09:00:00+08:00' },
      customer: { id: 'c1', tier: 'vip' },
      tags: ['late'],
      decisions: { category: { value: 'delivery', by: 'input' } },
    });
    const entry = moved.history.at(-1);
    expect(entry).toMatchObject({
      type: 'update',
      actor: 'admin:env-admin',
      changes: { category: ['inquiry', 'delivery'], group: ['front', 'logistics'] },
    });
    expect(entry.note).toContain('routing rules now give logistics (they gave front): moved');
    await s.sb.routing.idle();
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`)).body.assignee).toBe('chen');

    // null removes a value, but not one the ticket's channel requires
    const cleared = await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { fields: { deliveredAt: null } });
    expect(cleared.body.fields).toEqual({ orderNo: 'A2' });
    const required = await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { fields: { orderNo: null } });
    expect([required.status, required.body.error.code]).toEqual([400, 'SWB_TICKET_FIELD']);
    const badCategory = await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { category: 'delivry' });
    expect(badCategory.body.error.message).toContain('did you mean "delivery"');
  });
});
