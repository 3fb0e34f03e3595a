import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, startTestServer, tempDir } from '../helpers/server.ts';
import { policyText } from './helpers.ts';

const srcIndex = join(process.cwd(), 'src/index.ts');

// Written as an outsider would: only the package root's public API.
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
    const server = await startTestServer({ sources: [{ file: 'policy.yaml', text }], dataDir: join(tmp.dir, 'data'), pluginDirs: [join(tmp.dir, 'plugins')] });
    cleanup.push(() => server.close());

    const loud = await api(server.url, 'POST', '/api/tickets', { channel: 'web', subject: 'PAYMENT FAILED AGAIN', customer: { id: 'c1' } });
    const calm = await api(server.url, 'POST', '/api/tickets', { channel: 'web', subject: 'How do I export data?', customer: { id: 'c2' } });
    const mixed = await api(server.url, 'POST', '/api/tickets', { channel: 'web', subject: 'PAYMENT failed again', customer: { id: 'c3' } });
    expect([loud.status, calm.status, mixed.status]).toEqual([201, 201, 201]);
    expect([loud.body.priority, calm.body.priority, mixed.body.priority]).toEqual(['P1', 'P2', 'P2']);
    expect(loud.body.decisions.priority).toMatchObject({ by: 'rule', ruleId: 'angry' });

    const seen = await waitForSeen(server.url, 3);
    expect(seen.sort()).toEqual([loud.body.number, calm.body.number, mixed.body.number].sort());
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
