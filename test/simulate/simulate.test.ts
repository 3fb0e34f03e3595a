import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { generateHistory } from '../helpers/history.ts';
import { tempDir } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

/** A candidate policy: the base preset with VIPs at P0 and a tighter P1 online target. */
async function candidatePolicy(dir: string): Promise<string> {
  const target = join(dir, 'candidate');
  await mkdir(target, { recursive: true });
  await writeFile(
    join(target, 'policy.yaml'),
    [
      'extends: preset:base',
      'slas:',
      '  - id: standard',
      '    targets:',
      '      firstResponse:',
      '        P1: { voice: 15m, default: 10m }',
      'priorities:',
      '  rules:',
      '    - id: vip-is-p0',
      '      before: vip-is-at-least-p1',
      '      priority: 95',
      '      conditions:',
      '        all:',
      '          - { fact: tier, operator: equal, value: vip }',
      '      event: { type: set-priority, params: { priority: P0 } }',
      '',
    ].join('\n'),
  );
  return target;
}

describe('switchboard simulate', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('replays a JSONL history through both policies; per-priority counts add up and changes name their rules', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const n = 20_000;
    const history = [...generateHistory(n)];
    const file = join(dir, 'history.jsonl');
    await writeFile(file, history.map((t) => JSON.stringify(t)).join('\n'));
    const candidate = await candidatePolicy(dir);
    const c = capture();
    const code = await run(
      [
        'simulate',
        '--config',
        candidate,
        '--baseline',
        join(root, 'configs/presets/base'),
        '--tickets',
        file,
        '--json',
        '--max-changes',
        '5',
      ],
      c.io,
    );
    expect(code).toBe(0);
    const result = JSON.parse(c.out[c.out.length - 1] as string);
    const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
    expect(result.tickets).toBe(n);
    expect(sum(result.baseline.byPriority)).toBe(n);
    expect(sum(result.candidate.byPriority)).toBe(n);

    // Independent count: VIP tickets not already P0 move to P0 under the candidate.
    const vips = history.filter((t) => t.customer.tier === 'vip').length;
    expect(result.candidate.byPriority.P0 - result.baseline.byPriority.P0).toBeGreaterThan(0);
    expect(result.candidate.byPriority.P0 - result.baseline.byPriority.P0).toBeLessThanOrEqual(vips);
    // The tighter target shows up as more breaches, never fewer.
    expect(result.candidate.breaches.firstResponse).toBeGreaterThan(result.baseline.breaches.firstResponse);
    expect(result.changes).toHaveLength(5);
    expect(result.changed).toBeGreaterThan(0);
    for (const ch of result.changes) expect(Object.keys(ch.changes).length).toBeGreaterThan(0);
    expect(
      result.changes.some(
        (ch: { reasons: { candidate: { priority?: string } } }) => ch.reasons.candidate.priority === 'vip-is-p0',
      ),
    ).toBe(true);
  }, 120_000);

  it('reads the tracking table as CSV, and reports a bad line by file and line number', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const csv = join(dir, 'history.csv');
    await writeFile(
      csv,
      [
        'Ticket number,customer_id,tier,channel,problem type,subject,created_at,first_response_at,resolved_at,satisfaction',
        '20231001001,C1,vip,phone,fault/payment-failed,"支付失败, 扣款",2023-10-01T02:00:00Z,2023-10-01T02:03:00Z,2023-10-01T03:00:00Z,5',
        '20231001002,C2,,email,,"How do I register?",2023-10-01T03:00:00Z,2023-10-01T06:00:00Z,,',
      ].join('\n'),
    );
    const c = capture();
    expect(await run(['simulate', '--preset', 'base', '--tickets', csv, '--json'], c.io)).toBe(0);
    const r = JSON.parse(c.out.at(-1) as string);
    expect(r.tickets).toBe(2);
    expect(r.candidate.byPriority).toEqual({ P0: 1, P2: 1 });
    // email inquiry: first response due in 2 h, answered after 3 h → one breach.
    expect(r.candidate.breaches.firstResponse).toBe(1);

    const bad = join(dir, 'bad.jsonl');
    await writeFile(
      bad,
      `${JSON.stringify({ id: 'a', channel: 'chat', subject: 's', customer: { id: 'c' }, createdAt: '2026-01-01T00:00:00Z' })}\n{"id": "b", "channel": "chat", "createdAt": "yesterday"}\n`,
    );
    const e = capture();
    expect(await run(['simulate', '--preset', 'base', '--tickets', bad], e.io)).toBe(1);
    expect(e.err.join('\n')).toContain(`SWB_SIMULATE_INPUT ${bad}:2: "createdAt" must be an ISO-8601 time`);
  });
});

describe('POST /api/simulate', () => {
  it('replays posted tickets through a candidate against the live policy', async () => {
    const { startTestServer, api } = await import('../helpers/server.ts');
    const { dir, remove } = await tempDir();
    const server = await startTestServer({ dataDir: dir });
    try {
      const tickets = [...generateHistory(300, 3)];
      const candidateDir = await candidatePolicy(dir);
      const { readPolicySources } = await import('../../src/config/read-sources.ts');
      const files = await readPolicySources(candidateDir, candidateDir);
      const r = await api(server.url, 'POST', '/api/simulate', { candidate: { files }, tickets, maxChanges: 3 });
      expect(r.status).toBe(200);
      expect(r.body.tickets).toBe(300);
      expect(Object.values(r.body.candidate.byPriority as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(300);
      expect(r.body.changes.length).toBeLessThanOrEqual(3);

      const bad = await api(server.url, 'POST', '/api/simulate', {
        tickets: [{ id: 'x', channel: 'chat', createdAt: 'soon' }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'SWB_SIMULATE_INPUT', details: { path: '/tickets/0' } });
      const broken = await api(server.url, 'POST', '/api/simulate', {
        candidate: { files: [{ file: 'p.yaml', text: 'version: 1\nid: [' }] },
        tickets: [],
      });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('SWB_CONFIG_INVALID');
      expect(broken.body.error.details.problems[0]).toMatchObject({ file: 'p.yaml', line: 2 });
    } finally {
      await server.close();
      await remove();
    }
  });
});
