import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testScope } from '../helpers/cleanups.ts';
import { api } from '../helpers/server.ts';

const policyYaml = `
version: 1
id: in-use
timezone: Asia/Shanghai
locale: en
channels:
  - { id: chat, kind: online }
  - { id: email, kind: async }
categories: [{ id: inquiry }, { id: billing }]
defaultCategory: inquiry
priorities: { levels: [P1, P2, P3], default: P2 }
agents:
  - { id: dawei, name: Dawei }
  - { id: mei, name: Mei }
  - { id: chen, name: Chen }
routing:
  groups:
    - { id: live-desk, members: [dawei] }
    - { id: product-support, members: [mei, chen] }
  fallback: live-desk
slas:
  - id: standard
    targets:
      firstResponse: { P1: 1h, P2: 4h, P3: 8h }
`;

/** The same policy without live-desk and dawei; `extra` is appended (a migrate: section). */
const withoutLiveDesk = (extra = '') =>
  policyYaml
    .replace('  - { id: dawei, name: Dawei }\n', '')
    .replace('    - { id: live-desk, members: [dawei] }\n', '')
    .replace('fallback: live-desk', 'fallback: product-support') + extra;

const bin = fileURLToPath(new URL('../../bin/switchboard.js', import.meta.url));
const validate = (args: string[]) => spawnSync(process.execPath, [bin, 'validate', ...args], { encoding: 'utf8' });

const migrate = `
migrate:
  groups: { live-desk: product-support }
  agents: { dawei: null }
`;

describe('policy changes never orphan open tickets', () => {
  const scope = testScope();
  const setup = async () => {
    const dir = await scope.tempDir();
    const file = join(dir, 'policy.yaml');
    await writeFile(file, policyYaml);
    const start = () => scope.server({ config: file, dataDir: join(dir, 'data') });
    return { dir, file, start };
  };
  const create = async (url: string, subject: string) =>
    (await api(url, 'POST', '/api/tickets', { channel: 'chat', subject, customer: { id: 'c1' } })).body;

  it('refuses a reload that drops a group in use, then applies it with migrate: and moves the tickets', async () => {
    const { file, start } = await setup();
    const s = await start();
    const a = await create(s.url, 'where is my order');
    const b = await create(s.url, 'cannot log in');
    expect([a.group, a.assignee, b.group, b.assignee]).toEqual(['live-desk', 'dawei', 'live-desk', 'dawei']);
    const resolvedElsewhere = await create(s.url, 'done already');
    await api(s.url, 'PATCH', `/api/tickets/${resolvedElsewhere.id}`, { group: 'product-support' });
    const before = (await api(s.url, 'GET', '/api/policy')).body.version;

    await writeFile(file, withoutLiveDesk());
    const refused = await s.sb.policy.reload();
    expect(refused.ok).toBe(false);
    const inUse = refused.problems.filter((p) => p.code === 'SWB_POLICY_IN_USE');
    expect(inUse.map((p) => p.message)).toEqual([
      expect.stringContaining(`group "live-desk" is used by 2 open ticket(s) (${a.id}, ${b.id})`),
      expect.stringContaining(`agent "dawei" is used by 2 open ticket(s)`),
    ]);
    // located at the section that defines the kind, in the file the admin edits
    const text = await readFile(file, 'utf8');
    const groupsLine = text.split('\n').findIndex((l) => l.trim() === 'groups:') + 1;
    expect(inUse[0]).toMatchObject({ file, line: groupsLine });
    expect(inUse[0]?.message).toContain('migrate: { groups: { live-desk: <group> } }');
    // nothing changed: the old policy still serves and its groups still answer
    expect((await api(s.url, 'GET', '/api/policy')).body.version).toBe(before);
    expect((await api(s.url, 'GET', '/api/tickets?group=live-desk')).body.items).toHaveLength(2);

    // the API reports what the candidate would move before it is applied
    const preview = await api(s.url, 'POST', '/api/policy/validate', { text: withoutLiveDesk(migrate) });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      ok: true,
      moves: ['group live-desk → product-support (2 ticket(s))', 'agent dawei → nobody (2 ticket(s))'],
    });
    const refusedPreview = await api(s.url, 'POST', '/api/policy/validate', { text: withoutLiveDesk() });
    expect(refusedPreview.body.ok).toBe(false);
    expect(refusedPreview.body.problems.map((p: { code: string }) => p.code)).toContain('SWB_POLICY_IN_USE');

    await writeFile(file, withoutLiveDesk(migrate));
    const applied = await s.sb.policy.reload();
    expect(applied).toMatchObject({ ok: true, applied: true, migrated: 2 });
    await s.sb.routing.idle();
    for (const id of [a.id, b.id]) {
      const t = (await api(s.url, 'GET', `/api/tickets/${id}`)).body;
      expect(t.group).toBe('product-support');
      expect(['mei', 'chen']).toContain(t.assignee);
      const entry = t.history.find((h: { type: string }) => h.type === 'migrate');
      expect(entry).toMatchObject({ actor: 'policy', policyVersion: applied.version });
      expect(entry.note).toContain(`policy ${before} → ${applied.version}`);
      expect(entry.note).toContain('group live-desk → product-support');
      expect(entry.note).toContain('assignee dawei → nobody');
    }
    const untouched = (await api(s.url, 'GET', `/api/tickets/${resolvedElsewhere.id}`)).body;
    expect(untouched.history.some((h: { type: string }) => h.type === 'migrate')).toBe(false);
    const queue = (await api(s.url, 'GET', '/api/tickets?group=product-support')).body.items;
    expect(queue).toHaveLength(3);
  });

  it('refuses to start on a policy that drops what stored open tickets use; starts and migrates with migrate:', async () => {
    const { file, start } = await setup();
    const first = await start();
    const t = await create(first.url, 'hello');
    await first.close();

    await writeFile(file, withoutLiveDesk());
    await expect(start()).rejects.toMatchObject({
      code: 'SWB_POLICY_IN_USE',
      message: expect.stringContaining(`group "live-desk" is used by 1 open ticket(s) (${t.id})`),
    });

    await writeFile(file, withoutLiveDesk(migrate));
    const second = await start();
    await second.sb.routing.idle();
    const moved = (await api(second.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(moved.group).toBe('product-support');
    expect(moved.history.filter((h: { type: string }) => h.type === 'migrate')).toHaveLength(1);
  });

  it('checks the migrate: section itself', async () => {
    const { start } = await setup();
    const s = await start();
    const stillDefined = await api(s.url, 'POST', '/api/policy/validate', {
      text: `${policyYaml}\nmigrate:\n  groups: { live-desk: product-support }\n`,
    });
    expect(stillDefined.body.problems).toEqual([
      expect.objectContaining({ code: 'SWB_CONFIG_MIGRATE', path: '/migrate/groups/live-desk' }),
    ]);
    const typo = await api(s.url, 'POST', '/api/policy/validate', {
      text: withoutLiveDesk('\nmigrate:\n  groups: { live-desk: product-suport }\n  agents: { dawei: null }\n'),
    });
    expect(typo.body.problems).toEqual([
      expect.objectContaining({
        code: 'SWB_CONFIG_UNKNOWN_REF',
        message: expect.stringContaining('did you mean "product-support"'),
      }),
    ]);
  });

  it('switchboard validate --data reports what a candidate would refuse and move', async () => {
    const { dir, start } = await setup();
    const s = await start();
    const t = await create(s.url, 'hello');
    await s.close();
    const candidate = join(dir, 'candidate.yaml');
    await writeFile(candidate, withoutLiveDesk());
    const refused = validate([candidate, '--data', join(dir, 'data')]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(
      new RegExp(
        `candidate\\.yaml:\\d+:\\d+ SWB_POLICY_IN_USE group "live-desk" is used by 1 open ticket\\(s\\) \\(${t.id}\\)`,
      ),
    );
    await writeFile(candidate, withoutLiveDesk(migrate));
    const ok = validate([candidate, '--data', join(dir, 'data'), '--json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      moves: ['group live-desk → product-support (1 ticket(s))', 'agent dawei → nobody (1 ticket(s))'],
    });
    // the store is only read: the ticket is as it was
    const again = await start();
    expect((await api(again.url, 'GET', `/api/tickets/${t.id}`)).body).toMatchObject({
      version: t.version,
      group: 'live-desk',
    });
    await again.close();
    const missing = validate([candidate, '--data', join(dir, 'nope')]);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining('SWB_CLI_USAGE')]);
  });
});
