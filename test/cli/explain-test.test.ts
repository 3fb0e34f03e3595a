import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/server.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('switchboard explain and test', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('explain shows the deciding rule, the rules that lost or missed, and the facts they read', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const ticket = join(dir, 't.json');
    await writeFile(
      ticket,
      JSON.stringify({
        channel: 'chat',
        subject: 'payment failed',
        customer: { id: 'c1', tier: 'vip' },
        createdAt: '2026-01-05T01:00:00Z',
      }),
    );
    const c = capture();
    expect(await run(['explain', '--preset', 'ecommerce', '--ticket', ticket], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('classify: fault/payment-failed (by rule "payment-failed-words")');
    expect(text).toContain('→ payment-failed-words [priority 100] matched — saw text="payment failed"');
    expect(text).toContain('✓ vip-is-at-least-p1 [priority 50] matched — saw tier="vip"');
    expect(text).toMatch(/✗ cannot-order-words \[priority 95\] did not match/);
    expect(text).toContain(
      'route: {"group":"vip-desk","collaborators":["tech-ops"]} (by rule "vip-dedicated-plus-tech")',
    );
    expect(text).toContain(
      'first response due 2026-01-05T01:10:00.000Z (+10m); resolution due 2026-01-05T03:00:00.000Z (+2h)',
    );
    expect(await run(['explain', '--preset', 'ecommerce'], capture().io)).toBe(2);
  });

  it("test runs a policy's own tests: key and *.test.yaml files, and reports malformed tests with positions", async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await writeFile(
      join(dir, 'policy.yaml'),
      [
        'extends: preset:base',
        'id: t',
        'tests:',
        '  - name: inline passes',
        '    ticket: { channel: chat, subject: payment failed }',
        '    expect: { priority: P0 }',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'more.test.yaml'),
      [
        'tests:',
        '  - name: wrong group',
        '    ticket: { channel: chat, subject: 页面打不开 }',
        '    expect: { group: product-support, assignee: null }',
        '  - name: malformed',
        '    ticket: { channel: chat, subject: x }',
        '    expect: { grup: x }',
        '',
      ].join('\n'),
    );
    const c = capture();
    expect(await run(['test', dir, '--json'], c.io)).toBe(1);
    const report = JSON.parse(c.out[0] ?? '{}');
    expect(report.results).toEqual([expect.objectContaining({ name: 'inline passes', ok: true })]);
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/more\.test\.yaml$/),
        line: 7,
        code: 'SWB_POLICY_TEST_FAILED',
      }),
    ]);

    await writeFile(
      join(dir, 'more.test.yaml'),
      'tests:\n  - name: wrong group\n    ticket: { channel: chat, subject: 页面打不开 }\n    expect: { group: product-support, assignee: null }\n',
    );
    const d = capture();
    expect(await run(['test', dir], d.io)).toBe(1);
    expect(d.out.join('\n')).toMatch(
      /✓ inline passes\n✗ .*more\.test\.yaml:2 wrong group\n {4}group:\n {6}- expected product-support\n {6}\+ actual {3}tech-ops\n {4}assignee:\n {6}- expected null\n {6}\+ actual {3}wang/,
    );
  });
});
