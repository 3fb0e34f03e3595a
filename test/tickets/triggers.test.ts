import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testScope } from '../helpers/cleanups.ts';
import { api, collect, socketClient, waitFor } from '../helpers/server.ts';

const policyYaml = (triggers: string, groups = '    - { id: front, members: [mei] }\n') => `
version: 1
id: triggers-test
timezone: Asia/Shanghai
locale: en
channels: [{ id: web, kind: online }]
categories: [{ id: inquiry }]
defaultCategory: inquiry
priorities: { levels: [P1, P2, P3], default: P2 }
agents: [{ id: mei, name: Mei }, { id: chen, name: Chen }]
routing:
  groups:
${groups}  fallback: front
fields:
  - { id: deliveredAt, type: datetime }
  - { id: orderNo, type: string }
scripts:
  deliveryCallBack:
    en: "Your order {{fields.orderNo}} was delivered at {{fields.deliveredAt | datetime}}; we will call to check all is well."
slas:
  - id: standard
    targets: { firstResponse: { P1: 1h, P2: 4h, P3: 8h } }
triggers:
${triggers}`;

const deliveryTriggers = `
  - id: delivered-call-back
    when: { all: [{ fact: changed, path: $.keys, operator: contains, value: fields.deliveredAt }] }
    do:
      - { task: { id: call-back, name: Delivery call-back, due: 24h } }
      - { reply: { script: deliveryCallBack } }
      - { add-tags: [delivered] }
  - id: became-resolved
    when: { all: [{ fact: changed, path: $.status.to, operator: equal, value: resolved }] }
    do: [{ add-tags: [resolved-once] }]
  - id: while-resolved
    when: { all: [{ fact: status, operator: equal, value: resolved }, { fact: change, path: $.kind, operator: equal, value: tags }] }
    do: [{ add-tags: [tagged-while-resolved] }]
  - id: second-pass
    when: { all: [{ fact: tags, operator: contains, value: delivered }] }
    do: [{ set: { priority: P1 } }]
`;

describe('triggers run after every stored change', () => {
  const scope = testScope();
  const start = async (yaml: string) => {
    const dir = await scope.tempDir();
    const file = join(dir, 'policy.yaml');
    await writeFile(file, yaml);
    return scope.server({ config: file, dataDir: join(dir, 'data') });
  };

  it('a field that arrives later adds its call-back task, posts the script with its value, and is traced', async () => {
    const s = await start(policyYaml(deliveryTriggers));
    const socket = await socketClient(s.url);
    scope.defer(() => void socket.close());
    const created = collect(socket, 'task.created');
    const t = (
      await api(s.url, 'POST', '/api/tickets', {
        channel: 'web',
        subject: 'order',
        customer: { id: 'c1' },
        fields: { orderNo: 'SO-1' },
      })
    ).body;
    await s.sb.triggers.idle();
    // nothing fires at intake: no delivery yet, and second-pass needs the tag
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`)).body.history.map((h: { type: string }) => h.type)).toEqual(
      ['created'],
    );

    await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { fields: { deliveredAt: '2026-12-02T10:00:00+08:00' } });
    await s.sb.triggers.idle();
    const after = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(after.tasks).toEqual([
      expect.objectContaining({ id: 'delivered-call-back/call-back', name: 'Delivery call-back', state: 'open' }),
    ]);
    expect(after.replies.at(-1)).toMatchObject({
      author: { type: 'bot' },
      body: 'Your order SO-1 was delivered at 2026-12-02 10:00; we will call to check all is well.',
    });
    // second-pass read the tag the first trigger added: a later pass of the same chain
    expect(after.tags).toEqual(['delivered']);
    expect(after.priority).toBe('P1');
    const entry = after.history.at(-1);
    expect(entry).toMatchObject({ type: 'trigger', actor: 'trigger' });
    expect(entry.triggers.map((r: { id: string }) => r.id)).toEqual(['delivered-call-back', 'second-pass']);
    await waitFor(() => created.length > 0, 'task.created');
    expect(created[0].task.id).toBe('delivered-call-back/call-back');

    const trace = await api(s.url, 'GET', `/api/tickets/${t.id}/trace`);
    expect(trace.body.triggers).toEqual([
      expect.objectContaining({
        triggers: [
          {
            id: 'delivered-call-back',
            did: expect.arrayContaining(['tags +delivered', 'reply deliveryCallBack (en)']),
          },
          { id: 'second-pass', did: ['priority P2 → P1'] },
        ],
      }),
    ]);

    // the same field written again with the same value is no change: nothing fires twice
    await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { fields: { deliveredAt: '2026-12-02T10:00:00+08:00' } });
    await s.sb.triggers.idle();
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`)).body.tasks).toHaveLength(1);
  });

  it('?explain=1 on a change answers once its triggers ran: the ticket as they left it and each run', async () => {
    const s = await start(policyYaml(deliveryTriggers));
    const t = (
      await api(s.url, 'POST', '/api/tickets?explain=1', {
        channel: 'web',
        subject: 'order',
        customer: { id: 'c1' },
        fields: { orderNo: 'SO-9' },
      })
    ).body;
    // intake keeps its decision trace; nothing fired
    expect(t.triggerRuns).toEqual([]);
    expect(t.trace.length).toBeGreaterThan(0);

    const patched = await api(s.url, 'PATCH', `/api/tickets/${t.id}?explain=1`, {
      fields: { deliveredAt: '2026-12-02T10:00:00+08:00' },
    });
    expect(patched.status).toBe(200);
    // no wait on the runner: the answer already holds what the triggers did
    expect(patched.body).toMatchObject({ priority: 'P1', tags: ['delivered'] });
    expect(patched.body.tasks.map((k: { id: string }) => k.id)).toEqual(['delivered-call-back/call-back']);
    expect(patched.body.triggerRuns).toEqual([
      expect.objectContaining({
        triggers: [
          { id: 'delivered-call-back', did: expect.arrayContaining(['tags +delivered']) },
          { id: 'second-pass', did: ['priority P2 → P1'] },
        ],
        changes: expect.objectContaining({ priority: ['P2', 'P1'] }),
      }),
    ]);

    // a change that sets nothing off lists no run; without ?explain the answer has no trace
    const tagged = await api(s.url, 'POST', `/api/tickets/${t.id}/tags?explain=true`, { tags: ['vip'] });
    expect(tagged.body.triggerRuns).toEqual([]);
    const plain = await api(s.url, 'POST', `/api/tickets/${t.id}/tags`, { tags: ['vip2'] });
    expect(plain.body.triggerRuns).toBeUndefined();
    const bad = await api(s.url, 'POST', `/api/tickets/${t.id}/tags?explain=yes`, { tags: ['x'] });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'SWB_API_VALIDATION']);
  });

  it('"changed to resolved" and "is resolved" are different conditions', async () => {
    const s = await start(policyYaml(deliveryTriggers));
    const t = (await api(s.url, 'POST', '/api/tickets', { channel: 'web', subject: 'x', customer: { id: 'c1' } })).body;
    await api(s.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'open' });
    await api(s.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'resolved' });
    await s.sb.triggers.idle();
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`)).body.tags).toEqual(['resolved-once']);
    await api(s.url, 'POST', `/api/tickets/${t.id}/tags`, { tags: ['vip'] });
    await s.sb.triggers.idle();
    const tags = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body.tags;
    // still resolved, but it did not change to resolved again
    expect(tags).toEqual(['resolved-once', 'vip', 'tagged-while-resolved']);
  });

  it('triggers that keep firing through routing stop after the round limit with trigger.loop', async () => {
    const flip = `
  - id: to-back
    when: { all: [{ fact: change, path: $.kind, operator: equal, value: assigned }, { fact: group, operator: equal, value: front }] }
    do: [{ set: { group: back } }]
  - id: to-front
    when: { all: [{ fact: change, path: $.kind, operator: equal, value: assigned }, { fact: group, operator: equal, value: back }] }
    do: [{ set: { group: front } }]
`;
    const s = await start(
      policyYaml(flip, '    - { id: front, members: [mei] }\n    - { id: back, members: [chen] }\n'),
    );
    const loops: unknown[] = [];
    s.sb.events.subscribe('trigger.loop', (e) => loops.push(e));
    const t = (await api(s.url, 'POST', '/api/tickets', { channel: 'web', subject: 'x', customer: { id: 'c1' } })).body;
    await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { assignee: null });
    for (let i = 0; i < 40 && loops.length === 0; i++) {
      await s.sb.triggers.idle();
      await s.sb.routing.idle();
    }
    expect(loops).toEqual([expect.objectContaining({ triggers: ['to-back', 'to-front'], rounds: 10 })]);
    // the server still answers and the ticket is in a valid state
    const now = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(['front', 'back']).toContain(now.group);
  });

  it('a trigger naming what the policy does not define is a load error', async () => {
    const s = await start(policyYaml(deliveryTriggers));
    const bad = policyYaml(`
  - id: typo
    when: { all: [{ fact: chnaged, path: $.status.to, operator: equal, value: resolved }] }
    do: [{ reply: { script: deliveryCalback } }, { set: { priority: P0 } }]
`);
    const r = await api(s.url, 'POST', '/api/policy/validate', { text: bad });
    expect(r.body.ok).toBe(false);
    const messages = r.body.problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).toContain('unknown fact "chnaged"');
    expect(messages).toContain('unknown script "deliveryCalback"');
    expect(messages).toContain('unknown priority level "P0"');
  });

  it('switchboard test states trigger outcomes of a change after intake', async () => {
    const dir = await scope.tempDir();
    await writeFile(join(dir, 'policy.yaml'), policyYaml(deliveryTriggers));
    const tests = (tasks: string) => `tests:
  - name: delivery adds the call-back
    ticket: { channel: web, subject: order, fields: { orderNo: SO-9 } }
    then: { fields: { deliveredAt: "2026-01-06T10:00:00+08:00" } }
    expect: { triggers: [delivered-call-back, second-pass], tags: [delivered], tasks: [${tasks}], priority: P1 }
`;
    await writeFile(join(dir, 'delivery.test.yaml'), tests('delivered-call-back/call-back'));
    const bin = fileURLToPath(new URL('../../bin/switchboard.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'test', dir], { encoding: 'utf8' });
    expect([ok.status, ok.stdout + ok.stderr]).toEqual([0, expect.stringContaining('1 passed')]);
    await writeFile(join(dir, 'delivery.test.yaml'), tests('wrong-task'));
    const failed = spawnSync(process.execPath, [bin, 'test', dir], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stdout + failed.stderr).toContain('tasks');
  });
});
