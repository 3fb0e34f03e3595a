import { readFile, writeFile } from 'node:fs/promises';
import { copyPreset } from '../helpers/standalone-base.ts';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, collect, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

describe('hot reload (real server, real files, real socket.io client)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('keeps serving the old policy on a broken edit, applies a good one, and tells dashboards', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const policyDir = join(dir, 'policy');
    await copyPreset('ecommerce', policyDir);
    const server = await startTestServer({ config: policyDir, dataDir: join(dir, 'data'), watch: { debounceMs: 50 } });
    cleanups.push(() => server.close());
    const socket = await socketClient(server.url);
    cleanups.push(async () => void socket.close());
    const applied = collect(socket, 'config.applied');
    const rejected = collect(socket, 'config.rejected');

    const before = (await api(server.url, 'GET', '/api/policy')).body;
    expect(before.sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/presets[/\\]base[/\\]process[/\\]rules\.yaml$/),
        expect.stringMatching(/policy[/\\]policy\.yaml$/),
      ]),
    );

    // A broken edit: an unknown group in a rule, and a YAML error in another file.
    const file = join(policyDir, 'policy.yaml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('params: { group: sales }', 'params: { group: saels }'));
    await writeFile(join(policyDir, 'zz.yaml'), 'scripts:\n  x: { en: "a"\n');
    await waitFor(() => rejected.length > 0, 'config.rejected');
    const problems = rejected.at(-1).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: expect.stringMatching(/zz\.yaml$/),
          code: 'SWB_CONFIG_YAML',
          line: expect.any(Number),
        }),
      ]),
    );
    expect(applied).toEqual([]);
    expect((await api(server.url, 'GET', '/api/policy')).body.version).toBe(before.version);
    // Tickets are still decided by the old policy.
    const t1 = await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: '有货吗',
      customer: { id: 'c1' },
    });
    expect(t1.status).toBe(201);
    expect(t1.body).toMatchObject({ group: 'sales', decisions: { policyVersion: before.version } });

    // Fix the syntax but keep the bad reference: rejected again, with the reference's position.
    const n = rejected.length;
    await writeFile(join(policyDir, 'zz.yaml'), 'scripts:\n  x: { en: "a" }\n');
    await waitFor(() => rejected.length > n, 'second config.rejected');
    const line = good.split('\n').findIndex((l) => l.includes('params: { group: sales }')) + 1;
    expect(rejected.at(-1).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: expect.stringMatching(/policy[/\\]policy\.yaml$/),
          line,
          code: 'SWB_CONFIG_UNKNOWN_REF',
          message: expect.stringContaining('did you mean "sales"'),
        }),
      ]),
    );

    // A good edit: pre-sales now goes to the order desk.
    await writeFile(file, good.replace('params: { group: sales }', 'params: { group: order-desk }'));
    await waitFor(() => applied.length > 0, 'config.applied');
    const after = (await api(server.url, 'GET', '/api/policy')).body;
    expect(applied.at(-1)).toMatchObject({ version: after.version, sources: after.sources });
    expect(after.version).not.toBe(before.version);
    const t2 = await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: '有货吗',
      customer: { id: 'c2' },
    });
    expect(t2.body).toMatchObject({ group: 'order-desk', decisions: { policyVersion: after.version } });
  });

  it('POST /api/policy/validate checks a candidate without applying it', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const server = await startTestServer({ preset: 'base', dataDir: join(dir, 'data') });
    cleanups.push(() => server.close());
    const live = (await api(server.url, 'GET', '/api/policy')).body.version;

    const good = await api(server.url, 'POST', '/api/policy/validate', {
      text: 'extends: preset:callcenter\nid: mine\n',
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ok: true, version: expect.stringMatching(/^[0-9a-f]{12}$/) });

    const bad = await api(server.url, 'POST', '/api/policy/validate', {
      files: [
        { file: 'policy.yaml', text: 'extends: preset:base\nid: mine\nrouting:\n  fallback: tech-opz\n' },
        { file: 'more.yaml', text: 'channels:\n  - { id: fax, kind: paper }\n' },
      ],
    });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'policy.yaml', line: 4, code: 'SWB_CONFIG_UNKNOWN_REF' }),
        expect.objectContaining({ file: 'more.yaml', line: 2, code: 'SWB_CONFIG_SCHEMA' }),
      ]),
    );
    const escaping = await api(server.url, 'POST', '/api/policy/validate', {
      text: 'extends: ../../../../../etc\nid: x\n',
    });
    expect(escaping.body.problems).toEqual([
      expect.objectContaining({
        code: 'SWB_CONFIG_EXTENDS',
        line: 1,
        col: 10,
        message: expect.stringContaining('outside'),
      }),
    ]);
    expect((await api(server.url, 'POST', '/api/policy/validate', { nope: 1 })).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/policy')).body.version).toBe(live);
  });

  it('an operation in flight finishes on the policy it started with; the next one sees the new policy', async () => {
    const { createSwitchboard } = await import('../../src/switchboard/create-switchboard.ts');
    const { createMemoryStore } = await import('../../src/store/memory.ts');
    const { silentLogger } = await import('../../src/telemetry/logger.ts');
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await copyPreset('ecommerce', dir);
    // A store whose next write waits for a gate, so the reload happens mid-operation.
    const memory = createMemoryStore();
    let gate: (() => void) | undefined;
    const store = Object.assign(Object.create(memory) as typeof memory, {
      nextSequence: async (name: string) => {
        if (gate === undefined)
          await new Promise<void>((r) => {
            gate = r;
          });
        return memory.nextSequence(name);
      },
    });
    const sb = await createSwitchboard({ config: dir, store, logger: silentLogger });
    cleanups.push(() => sb.close());
    const old = sb.policy.current().version;
    const inFlight = sb.tickets.create({ channel: 'chat', subject: '有货吗', customer: { id: 'c1' } });
    await waitFor(() => gate !== undefined, 'the create to reach the store');

    const file = join(dir, 'policy.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('params: { group: sales }', 'params: { group: order-desk }'),
    );
    const reloaded = await sb.policy.reload();
    expect(reloaded).toMatchObject({ ok: true, applied: true });
    expect(sb.policy.current().version).not.toBe(old);
    gate?.();

    const { ticket } = await inFlight;
    expect(ticket).toMatchObject({ group: 'sales', decisions: { policyVersion: old } });
    const next = await sb.tickets.create({ channel: 'chat', subject: '有货吗', customer: { id: 'c2' } });
    expect(next.ticket).toMatchObject({
      group: 'order-desk',
      decisions: { policyVersion: sb.policy.current().version },
    });
    // A broken edit through reload(): rejected, the live policy stays.
    await writeFile(file, 'id: [\n');
    expect(await sb.policy.reload()).toMatchObject({
      ok: false,
      applied: false,
      problems: [expect.objectContaining({ code: 'SWB_CONFIG_YAML' })],
    });
    expect(sb.policy.current().version).toBe(next.ticket.decisions.policyVersion);
  });
});
