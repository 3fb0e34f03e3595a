import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { testScope } from '../helpers/cleanups.ts';
import { api } from '../helpers/server.ts';

const policyYaml = `
version: 1
id: field-metrics
timezone: Asia/Shanghai
locale: en
channels: [{ id: web, kind: online }]
categories: [{ id: inquiry }]
defaultCategory: inquiry
priorities: { levels: [P1, P2], default: P2 }
agents: [{ id: mei, name: Mei }]
routing:
  groups: [{ id: front, members: [mei] }]
  fallback: front
fields:
  - { id: product, type: enum, values: [router, camera] }
  - { id: vip, type: boolean }
  - { id: orderNo, type: string }
  - { id: idCard, type: string, pii: true }
  - { id: parts, type: list }
slas:
  - id: standard
    targets: { firstResponse: { P1: 1h, P2: 4h } }
`;

describe('metrics and the tracking CSV use declared fields', () => {
  const scope = testScope();
  const start = async () => {
    const dir = await scope.tempDir();
    const file = join(dir, 'policy.yaml');
    await writeFile(file, policyYaml);
    return scope.server({ config: file, dataDir: join(dir, 'data'), clock: createManualClock('2026-12-03T02:00:00Z') });
  };
  const intake = (url: string, fields: Record<string, unknown>) =>
    api(url, 'POST', '/api/tickets', { channel: 'web', subject: 'help', customer: { id: 'c1' }, fields });

  it('groupBy=fields.<id> counts per value, follows a PATCH, and combines with a built-in dimension', async () => {
    const s = await start();
    await intake(s.url, { product: 'router', vip: true });
    await intake(s.url, { product: 'router' });
    const camera = (await intake(s.url, { product: 'camera', vip: false })).body;
    await intake(s.url, {});

    const count = async (groupBy: string) => {
      const res = await api(s.url, 'GET', `/api/metrics?groupBy=${groupBy}`);
      expect(res.status).toBe(200);
      return Object.fromEntries(
        res.body.groups.map((g: { key: Record<string, string>; tickets: number }) => [
          Object.values(g.key).join('/'),
          g.tickets,
        ]),
      );
    };
    expect(await count('fields.product')).toEqual({ router: 2, camera: 1, '(none)': 1 });
    expect(await count('fields.vip')).toEqual({ true: 1, false: 1, '(none)': 2 });

    const patched = await api(s.url, 'PATCH', `/api/tickets/${camera.id}`, { fields: { product: 'router' } });
    expect(patched.status).toBe(200);
    expect(await count('fields.product')).toEqual({ router: 3, '(none)': 1 });
    expect(await count('fields.product,channel')).toEqual({ 'router/web': 3, '(none)/web': 1 });
    expect(await count('channel,priority,fields.vip')).toEqual({
      'web/P2/true': 1,
      'web/P2/false': 1,
      'web/P2/(none)': 2,
    });
  });

  it('a field that cannot be a group key is a 400 that says why', async () => {
    const s = await start();
    const why = async (groupBy: string) => {
      const res = await api(s.url, 'GET', `/api/metrics?groupBy=${groupBy}`);
      expect([res.status, res.body.error.code]).toEqual([400, 'SWB_METRICS_QUERY']);
      return res.body.error.message as string;
    };
    expect(await why('fields.prodcut')).toContain('(did you mean "fields.product"?)');
    expect(await why('fields.orderNo')).toContain(
      'fields.orderNo is a string field; group by an enum or boolean field',
    );
    expect(await why('fields.idCard')).toContain('personal data');
    expect(await why('colour')).toContain('or fields.<id> of a declared enum or boolean field');
  });

  it('the tracking CSV has a column per declared field (lists joined with "; ")', async () => {
    const s = await start();
    await intake(s.url, { product: 'camera', orderNo: 'SO-778', idCard: '110101199001011234', parts: ['lens', 'cap'] });
    const csv = async () => {
      const res = await api(s.url, 'GET', '/api/tickets.csv');
      expect(res.status).toBe(200);
      return (res.body as string)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
    };
    const [heading, row] = await csv();
    const columns = heading!.split(',');
    expect(columns.slice(-5)).toEqual([
      'fields.product',
      'fields.vip',
      'fields.orderNo',
      'fields.idCard',
      'fields.parts',
    ]);
    expect(row!.split(',').slice(-5)).toEqual(['camera', '', 'SO-778', '110101199001011234', 'lens; cap']);
  });
});
