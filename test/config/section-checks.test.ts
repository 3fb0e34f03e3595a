// One checker per policy section, one Problem type: the same fault has the same code in every
// section, and a checker that fails is reported, never swallowed.
import { describe, expect, it } from 'vitest';
import { crossCheck, policySections } from '../../src/config/cross-check.ts';
import { createPolicyLoader } from '../../src/config/load.ts';
import { wellFormed } from '../../src/config/well-formed.ts';

const loader = createPolicyLoader();
const check = (rest: string) =>
  loader.fromTexts([{ file: 'policy.yaml', text: `extends: preset:base\nid: sections\n${rest}` }]).problems;

/** A policy using `condition` in every place that takes conditions. */
const everywhere = (condition: string) => `
classification:
  - { id: c1, conditions: { all: [${condition}] }, event: { type: categorize, params: { category: inquiry } } }
priorities:
  rules:
    - { id: p1, conditions: { all: [${condition}] }, event: { type: set-priority, params: { priority: P1 } } }
routing:
  rules:
    - { id: r1, conditions: { all: [${condition}] }, event: { type: route, params: { group: tech-ops } } }
slas:
  - id: vip
    when: { all: [${condition}] }
    targets: { firstResponse: { P0: 5m, P1: 5m, P2: 5m, P3: 5m }, resolution: { P0: 1h, P1: 1h, P2: 1h, P3: 1h } }
    automations:
      - { id: a1, when: { all: [${condition}] }, do: [{ set-status: pending-customer }] }
workflows:
  - id: w1
    when: { all: [${condition}] }
    tasks: [{ id: t1, due: 1h, when: { all: [${condition}] } }]
`;

/** Where problems of one code are, list indices written as N (presets put rules before ours). */
const placesOf = (problems: { path?: string; code: string }[], code: string) =>
  problems
    .filter((p) => p.code === code)
    .map((p) => p.path?.replace(/\/\d+(?=\/|$)/g, '/N'))
    .sort();

describe('section checkers', () => {
  it('an unknown fact is SWB_CONFIG_UNKNOWN_REF in every section that takes conditions', () => {
    const problems = check(everywhere('{ fact: tierr, operator: equal, value: vip }'));
    expect(placesOf(problems, 'SWB_CONFIG_UNKNOWN_REF')).toEqual(
      [
        '/classification/N/conditions/all/N/fact',
        '/priorities/rules/N/conditions/all/N/fact',
        '/routing/rules/N/conditions/all/N/fact',
        '/slas/N/automations/N/when/all/N/fact',
        '/slas/N/when/all/N/fact',
        '/workflows/N/tasks/N/when/all/N/fact',
        '/workflows/N/when/all/N/fact',
      ].sort(),
    );
    expect(problems.filter((p) => p.code === 'SWB_CONFIG_RULE')).toEqual([]);
    expect(problems.find((p) => p.code === 'SWB_CONFIG_UNKNOWN_REF' && p.path?.startsWith('/slas/'))?.message).toMatch(
      /unknown fact "tierr".*"tier"/,
    );
  });

  it('an unknown operator is SWB_CONFIG_UNKNOWN_REF and a value the operator cannot use SWB_CONFIG_RULE, everywhere', () => {
    const unknownOp = check(everywhere('{ fact: tier, operator: equals, value: vip }'));
    expect(placesOf(unknownOp, 'SWB_CONFIG_UNKNOWN_REF')).toHaveLength(7);
    expect(placesOf(unknownOp, 'SWB_CONFIG_UNKNOWN_REF').every((p) => p?.endsWith('/operator'))).toBe(true);

    const badValue = check(everywhere('{ fact: tier, operator: in, value: vip }'));
    expect(placesOf(badValue, 'SWB_CONFIG_RULE')).toHaveLength(7);
    expect(placesOf(badValue, 'SWB_CONFIG_RULE').every((p) => p?.endsWith('/all/N/value'))).toBe(true);
    expect(placesOf(badValue, 'SWB_CONFIG_UNKNOWN_REF')).toEqual([]);
  });

  it('a section whose checker fails is reported at the section, and the other sections still run', () => {
    // `automations` that is not a list: the schema says so, and the SLA checker cannot read it.
    const problems = check(`
priorities:
  default: P9
slas:
  - id: odd
    targets: { firstResponse: { P0: 5m, P1: 5m, P2: 5m, P3: 5m }, resolution: { P0: 1h, P1: 1h, P2: 1h, P3: 1h } }
    automations: { id: a1 }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'SWB_CONFIG_SCHEMA',
          path: expect.stringMatching(/^\/slas\/\d+\/automations$/),
        }),
        expect.objectContaining({
          code: 'SWB_CONFIG_CHECK_FAILED',
          path: '/slas',
          message: expect.stringContaining('the slas section could not be checked'),
        }),
        expect.objectContaining({ code: 'SWB_CONFIG_UNKNOWN_REF', path: '/priorities/default' }),
      ]),
    );

    // The same for any section: a throwing checker is one problem, never a gap.
    const doc = wellFormed({ id: 'x', channels: [], categories: [], priorities: { levels: ['P1'], default: 'P2' } });
    const broken = {
      name: 'broken',
      at: '/broken',
      check: () => {
        throw new Error('cannot read this');
      },
    };
    const found = crossCheck(doc, { operators: loader.operators, facts: loader.facts }, [broken, ...policySections]);
    expect(found).toEqual(
      expect.arrayContaining([
        {
          path: '/broken',
          code: 'SWB_CONFIG_CHECK_FAILED',
          message: 'the broken section could not be checked (cannot read this); fix the other problems listed for it',
        },
        expect.objectContaining({ path: '/priorities/default', code: 'SWB_CONFIG_UNKNOWN_REF' }),
      ]),
    );
  });
});
