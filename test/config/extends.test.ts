import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { displayName } from '../../src/config/read-sources.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createPolicyLoader } from '../../src/config/load.ts';
import { tempDir } from '../helpers/server.ts';

const loader = createPolicyLoader();
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('extends', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const dir = async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    return t.dir;
  };

  it('merges lists by id: override fields, replace, remove, append, before', async () => {
    const d = await dir();
    const text = [
      'extends: preset:base',
      'id: shop',
      'routing:',
      '  groups:',
      '    - { id: legal, remove: true }',
      '    - { id: night, members: [li] }',
      '  fallback: product-support',
      '  rules:',
      '    - { id: out-of-scope-to-legal, remove: true }',
      '    - id: vip-dedicated-plus-tech',
      '      priority: 120',
      '    - id: faults-to-tech-ops',
      '      replace: true',
      '      priority: 50',
      '      conditions: { all: [{ fact: categoryGroup, operator: equal, value: fault }] }',
      '      event: { type: route, params: { group: night } }',
      '    - id: night-first',
      '      before: vip-dedicated-plus-tech',
      '      priority: 200',
      '      conditions: { all: [{ fact: hour, operator: lessThan, value: 6 }] }',
      '      event: { type: route, params: { group: night } }',
      'categories:',
      '  - id: order',
      '    children:',
      '      - { id: delay, name: Late }',
      '',
    ].join('\n');
    await writeFile(join(d, 'policy.yaml'), text);
    const r = await loader.fromPath(d);
    expect(r.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    if (!r.ok) return;
    const { policy } = r;
    expect(policy.doc.id).toBe('shop');
    expect([...policy.groups.keys()]).not.toContain('legal');
    expect([...policy.groups.keys()].at(-1)).toBe('night');
    const rules = policy.doc.routing.rules ?? [];
    expect(rules.map((x) => x.id).slice(0, 3)).toEqual([
      'night-first',
      'vip-dedicated-plus-tech',
      'faults-to-tech-ops',
    ]);
    expect(rules.find((x) => x.id === 'vip-dedicated-plus-tech')).toMatchObject({
      priority: 120,
      event: { params: { group: 'vip-desk' } },
    });
    expect(rules.find((x) => x.id === 'faults-to-tech-ops')?.event.params).toEqual({ group: 'night' });
    expect(policy.categories.get('order/delay')?.name).toBe('Late');
    expect(policy.categories.get('order/damaged')).toBeDefined();
    expect(policy.sources.at(-1)).toBe(displayName(join(d, 'policy.yaml')));
    expect(policy.sources.some((s) => s.endsWith('base/process/rules.yaml'))).toBe(true);
  });

  it('reports problems in the file that wrote them: child or parent', async () => {
    const d = await dir();
    await mkdir(join(d, 'parent'));
    await mkdir(join(d, 'child'));
    await writeFile(
      join(d, 'parent', 'policy.yaml'),
      'extends: preset:base\nid: parent\nrouting:\n  fallback: tech-opz\n  groups: [{ id: x, members: [wang] }]\n',
    );
    const child =
      'extends: ../parent\nid: child\nrouting:\n  rules:\n    - id: faults-to-tech-ops\n      event: { type: route, params: { group: nope } }\n';
    await writeFile(join(d, 'child', 'policy.yaml'), child);
    const r = await loader.fromPath(join(d, 'child'));
    expect(r.ok).toBe(false);
    const rel = (p: string) => displayName(join(d, p));
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: rel('parent/policy.yaml'),
          line: 4,
          code: 'SWB_CONFIG_UNKNOWN_REF',
          message: expect.stringContaining('did you mean "tech-ops"'),
        }),
        expect.objectContaining({
          file: rel('child/policy.yaml'),
          line: lineOf(child, 'nope'),
          code: 'SWB_CONFIG_UNKNOWN_REF',
        }),
      ]),
    );
  });

  it('detects cycles and missing targets at the extends value', async () => {
    const d = await dir();
    for (const n of ['a', 'b']) await mkdir(join(d, n));
    await writeFile(join(d, 'a', 'policy.yaml'), 'id: a\nextends: ../b\n');
    await writeFile(join(d, 'b', 'policy.yaml'), 'id: b\nextends:\n  - preset:bse\n  - ../a\n  - ../missing\n');
    const r = await loader.fromPath(join(d, 'a'));
    expect(r.ok).toBe(false);
    const b = displayName(join(d, 'b', 'policy.yaml'));
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: b,
          line: 3,
          code: 'SWB_CONFIG_EXTENDS',
          message: expect.stringContaining('did you mean "base"'),
        }),
        expect.objectContaining({
          file: b,
          line: 4,
          code: 'SWB_CONFIG_EXTENDS_CYCLE',
          message: expect.stringMatching(/a[/\\]policy\.yaml → .*b[/\\]policy\.yaml → .*a[/\\]policy\.yaml/),
        }),
        expect.objectContaining({ file: b, line: 5, code: 'SWB_CONFIG_EXTENDS' }),
      ]),
    );
  });

  it('warns about a rule an earlier rule always beats', async () => {
    const d = await dir();
    const text = [
      'extends: preset:base',
      'routing:',
      '  rules:',
      '    - id: everything-to-tech',
      '      priority: 500',
      '      conditions: { all: [] }',
      '      event: { type: route, params: { group: tech-ops } }',
      'priorities:',
      '  rules:',
      '    - id: faults-again',
      '      priority: 10',
      '      conditions: { any: [{ fact: categoryGroup, operator: equal, value: fault }] }',
      '      event: { type: set-priority, params: { priority: P2 } }',
      '',
    ].join('\n');
    await writeFile(join(d, 'policy.yaml'), text);
    const r = await loader.fromPath(d);
    expect(r.ok).toBe(true);
    const shadowed = r.problems.filter((p) => p.code === 'SWB_CONFIG_RULE_SHADOWED');
    expect(shadowed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'warning',
          message: expect.stringContaining('rule "faults-to-tech-ops" can never decide: rule "everything-to-tech"'),
        }),
        expect.objectContaining({
          file: displayName(join(d, 'policy.yaml')),
          line: 10,
          message: expect.stringContaining('rule "faults-are-p1"'),
        }),
      ]),
    );
    expect(shadowed.filter((p) => p.path?.startsWith('/routing/rules'))).toHaveLength(12); // every base routing rule
  });

  it('loading the same files again gives the same policy (parsed files are shared, never mutated)', async () => {
    const { presetPath } = await import('../../src/config/presets.ts');
    const first = await loader.fromPath(presetPath('callcenter'));
    const second = await loader.fromPath(presetPath('callcenter'));
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.policy.version).toBe(first.policy.version);
    expect(second.policy.rules.routing.rules.length).toBe(first.policy.rules.routing.rules.length);
    expect(second.problems).toEqual([]);
  });

  it('warns when an override names an id nothing defines, and an empty list clears the inherited one', async () => {
    const d = await dir();
    const text =
      'extends: preset:base\nid: x\nagents:\n  - { id: ghost, remove: true }\nrouting:\n  rules: []\n  groups:\n    - { id: night, after: nowhere, members: [li] }\n';
    await writeFile(join(d, 'policy.yaml'), text);
    const r = await loader.fromPath(d);
    expect(r.ok).toBe(true);
    const file = displayName(join(d, 'policy.yaml'));
    expect(r.problems).toEqual([
      expect.objectContaining({
        file,
        line: 4,
        code: 'SWB_CONFIG_EXTENDS',
        severity: 'warning',
        message: expect.stringContaining('no inherited entry has id "ghost"'),
      }),
      expect.objectContaining({
        file,
        line: 8,
        code: 'SWB_CONFIG_EXTENDS',
        severity: 'warning',
        message: expect.stringContaining('appended at the end'),
      }),
    ]);
    if (r.ok) expect(r.policy.rules.routing.rules).toEqual([]);
  });
});
