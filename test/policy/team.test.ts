import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('a process with your own team', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('the e-commerce process with six agents validates and routes to them (examples/my-shop)', async () => {
    const dir = join(root, 'examples/my-shop');
    const v = capture();
    expect(await run(['validate', dir, '--json'], v.io)).toBe(0);
    expect(JSON.parse(v.out[0] ?? '{}').problems).toEqual([]);
    const t = capture();
    expect(await run(['test', dir, '--json'], t.io)).toBe(0);
    const report = JSON.parse(t.out[0] ?? '{}');
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(4);
    // The example's tests expect the shop's people (tom, dan, ann, cici) as assignees and leads.
    expect(report.results.map((r: { name: string }) => r.name)).toContain(
      "a failed payment goes to the shop's engineer",
    );
  });

  it('an incomplete team is one problem at the policy that brings it, naming every group left to staff', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await mkdir(join(dir, 'shop'));
    await writeFile(
      join(dir, 'shop', 'policy.yaml'),
      [
        'extends: preset:ecommerce/process',
        'id: shop',
        'agents:',
        '  - { id: amy, name: Amy, skills: [product, orders, lead] }',
        '  - { id: bo, name: Bo, skills: [systems, payments] }',
        'routing:',
        '  groups:',
        '    - { id: product-support, lead: amy, members: [amy] }',
        '    - { id: tech-ops, lead: bo, members: [bo] }',
        '',
      ].join('\n'),
    );
    const v = capture();
    expect(await run(['validate', join(dir, 'shop'), '--json'], v.io)).toBe(1);
    const { problems } = JSON.parse(v.out[0] ?? '{}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SWB_CONFIG_TEAM_INCOMPLETE', line: 3 });
    expect(problems[0].file).toMatch(/shop[/\\]policy\.yaml$/);
    const message: string = problems[0].message;
    for (const group of [
      'vip-desk',
      'after-sales',
      'order-desk',
      'complaints',
      'product',
      'legal',
      'returns-review',
      'sales',
    ])
      expect(message).toContain(group);
    expect(message).not.toMatch(/product-support|tech-ops/);
    expect(message).toContain('(amy, bo)');
  });

  it('each preset is its process plus its sample team, and the process alone names no person', async () => {
    for (const name of ['base', 'ecommerce', 'saas', 'finance', 'education', 'manufacturing', 'callcenter']) {
      const v = capture();
      expect(await run(['validate', join(root, `configs/presets/${name}/process`), '--json'], v.io)).toBe(1);
      const problems: { code: string; message: string }[] = JSON.parse(v.out[0] ?? '{}').problems;
      // Unstaffed groups, and nothing else: no rule, lead or task names a sample agent.
      expect(
        problems.map((p) => p.code),
        name,
      ).toEqual(['SWB_CONFIG_TEAM_INCOMPLETE']);
    }
  });
});
