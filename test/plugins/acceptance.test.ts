import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, collect, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';
import { policyText } from './helpers.ts';

const srcIndex = join(process.cwd(), 'src/index.ts');
const srcPlugins = join(process.cwd(), 'src/entry/plugins.ts');

// Written as an outsider would: only the package root and its plugins subpath.
const thirdParty = `
import { definePlugin } from ${JSON.stringify(srcIndex)};

export default definePlugin({
  name: 'shout',
  version: '1.2.3',
  switchboard: '^0.1.0',
  optionsSchema: { type: 'object', properties: { ratio: { type: 'number', default: 0.6 } }, additionalProperties: false },
  setup(host, options) {
    const seen = [];
    host.addOperator({
      name: 'isShouting',
      description: 'mostly upper-case letters',
      evaluate: (text, expected) => {
        const letters = String(text).replace(/[^A-Za-z]/g, '');
        const upper = letters.replace(/[^A-Z]/g, '').length;
        return (letters.length > 0 && upper / letters.length >= options.ratio) === expected;
      },
    });
    host.on('afterCreate', ({ ticket }) => { seen.push(ticket.number); });
    host.route('get', '/seen', (_req, res) => { res.json(seen); });
    host.route('post', '/fail', async () => { throw new Error('route broke'); });
  },
});
`;

describe('acceptance: a third-party plugin dropped into plugins/', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('adds an operator used by a rule and a hook that sees every created ticket', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    await mkdir(join(tmp.dir, 'plugins/shout'), { recursive: true });
    await writeFile(join(tmp.dir, 'plugins/shout/index.ts'), thirdParty);
    const text = policyText(
      'plugins:\n  - name: shout\n    options: { ratio: 0.8 }\n',
      '    - { id: angry, conditions: { all: [{ fact: subject, operator: isShouting, value: true }] }, event: { type: set-priority, params: { priority: P1 } } }\n',
    );
    const server = await startTestServer({
      sources: [{ file: 'policy.yaml', text }],
      dataDir: join(tmp.dir, 'data'),
      pluginDirs: [join(tmp.dir, 'plugins')],
    });
    cleanup.push(() => server.close());

    const loud = await api(server.url, 'POST', '/api/tickets', {
      channel: 'web',
      subject: 'PAYMENT FAILED AGAIN',
      customer: { id: 'c1' },
    });
    const calm = await api(server.url, 'POST', '/api/tickets', {
      channel: 'web',
      subject: 'How do I export data?',
      customer: { id: 'c2' },
    });
    const mixed = await api(server.url, 'POST', '/api/tickets', {
      channel: 'web',
      subject: 'PAYMENT failed again',
      customer: { id: 'c3' },
    });
    expect([loud.status, calm.status, mixed.status]).toEqual([201, 201, 201]);
    expect([loud.body.priority, calm.body.priority, mixed.body.priority]).toEqual(['P1', 'P2', 'P2']);
    expect(loud.body.decisions.priority).toMatchObject({ by: 'rule', ruleId: 'angry' });

    const failed = await api(server.url, 'POST', '/api/plugins/shout/fail', {});
    expect(failed).toMatchObject({ status: 500, body: { error: { code: 'SWB_INTERNAL' } } });
    const seen = await waitForSeen(server.url, 3);
    expect(seen.sort()).toEqual([loud.body.number, calm.body.number, mixed.body.number].sort());
  });
});

// Throws from every hook, its operator (used by a rule) and its fact.
const grumpy = `
import { definePlugin, hookNames } from ${JSON.stringify(srcPlugins)};

export default definePlugin({
  name: 'grumpy',
  version: '0.0.1',
  switchboard: '>=0.1.0',
  setup(host) {
    for (const hook of hookNames) host.on(hook, () => { throw new Error('grumpy ' + hook); });
    host.addOperator({ name: 'grumpyOp', description: 'throws', evaluate: () => { throw new Error('grumpy operator'); } });
    host.addFact({ name: 'grumpyFact', description: 'throws', compute: () => { throw new Error('grumpy fact'); } });
  },
});
`;

describe('acceptance: a plugin that throws in every hook loses nothing', () => {
  it('every ticket is created (201), stored across a restart and published; plugin.error events are emitted', async () => {
    const tmp = await tempDir();
    const text = policyText(
      'plugins:\n  - name: grumpy\n',
      '    - { id: g, conditions: { any: [{ fact: subject, operator: grumpyOp, value: x }, { fact: grumpyFact, operator: equal, value: 1 }] }, event: { type: set-priority, params: { priority: P1 } } }\n',
    );
    await mkdir(join(tmp.dir, 'plugins/grumpy'), { recursive: true });
    await writeFile(join(tmp.dir, 'plugins/grumpy/index.ts'), grumpy);
    const opts = {
      sources: [{ file: 'policy.yaml', text }],
      dataDir: join(tmp.dir, 'data'),
      pluginDirs: [join(tmp.dir, 'plugins')],
    };
    let server = await startTestServer(opts);
    try {
      const socket = await socketClient(server.url);
      const created = collect(socket, 'ticket.created');
      const errors = collect<{ plugin: string; where: string }>(socket, 'plugin.error');
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await api(server.url, 'POST', '/api/tickets', {
          channel: 'web',
          subject: `ticket ${i}`,
          customer: { id: `c${i}` },
        });
        expect(r.status).toBe(201);
        expect(r.body.priority).toBe('P2');
        ids.push(r.body.id);
      }
      const status = await api(server.url, 'POST', `/api/tickets/${ids[0]}/status`, { status: 'open' });
      expect(status.status).toBe(200);
      await waitFor(() => created.length === 10 && errors.some((e) => e.where === 'onStatusChange'), 'events');
      expect(new Set(errors.map((e) => e.where))).toEqual(
        new Set(['beforeCreate', 'afterCreate', 'onStatusChange', 'operator grumpyOp (evaluate)', 'fact grumpyFact']),
      );
      socket.close();
      await server.close();

      server = await startTestServer(opts);
      const list = await api(server.url, 'GET', '/api/tickets?limit=100');
      expect(list.body.items.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
    } finally {
      await server.close();
      await tmp.remove();
    }
  });
});

async function waitForSeen(url: string, n: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const r = await api(url, 'GET', '/api/plugins/shout/seen');
    if (r.status === 200 && r.body.length >= n) return r.body as string[];
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('the plugin hook did not see every ticket');
}
