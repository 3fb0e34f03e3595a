import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCompiledRuleSet, createEngineRuleSet, type Facts, type RuleDef } from '../../src/core/rules/index.ts';
import { factsArb, keywordFactsArb, keywordRuleSetArb, ruleSetArb } from './arbitraries.ts';
import { createTestOperators, settle } from './helpers.ts';

/**
 * compiled = reference: random rule sets against random facts must give deep-equal results
 * (events, their order, outcomes), or both must throw. PARITY_RUNS counts cases (rule set ×
 * facts); each rule set is checked against FACTS_PER_SET fact objects.
 */
const totalCases = Number(process.env.PARITY_RUNS ?? 10000);
const FACTS_PER_SET = 20;
const operators = createTestOperators();

describe('compiled rule set = json-rules-engine', () => {
  it(`agrees on ${totalCases} random cases`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        ruleSetArb,
        fc.array(factsArb, { minLength: FACTS_PER_SET, maxLength: FACTS_PER_SET }),
        async (rules, factsList) => {
          const reference = createEngineRuleSet(rules, operators);
          const compiled = createCompiledRuleSet(rules, operators);
          const unindexed = createCompiledRuleSet(rules, operators, { index: false });
          for (const [i, facts] of factsList.entries()) {
            const expected = await settle(() => reference.evaluate(facts));
            expect(await settle(() => compiled.evaluateSync(facts))).toStrictEqual(expected);
            expect(await settle(() => unindexed.evaluateSync(facts))).toStrictEqual(expected);
            if (i === 0) expect(await settle(() => compiled.evaluate(facts))).toStrictEqual(expected);
            cases++;
          }
        },
      ),
      { numRuns: Math.ceil(totalCases / FACTS_PER_SET) },
    );
    expect(cases).toBeGreaterThanOrEqual(totalCases);
  }, 180_000);
});

describe('the keyword index = json-rules-engine', () => {
  it(`agrees on ${Math.ceil(totalCases / 5)} random keyword cases (overlaps, case folding, CJK, surrogates)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        keywordRuleSetArb,
        fc.array(keywordFactsArb, { minLength: FACTS_PER_SET, maxLength: FACTS_PER_SET }),
        async (rules, factsList) => {
          const reference = createEngineRuleSet(rules, operators);
          const compiled = createCompiledRuleSet(rules, operators);
          for (const facts of factsList)
            expect(await settle(() => compiled.evaluateSync(facts))).toStrictEqual(
              await settle(() => reference.evaluate(facts)),
            );
        },
      ),
      { numRuns: Math.ceil(totalCases / 5 / FACTS_PER_SET) },
    );
  }, 180_000);
});

/** One leaf against the reference, returning whether the rule passed (or 'throws'). */
async function both(leaf: Record<string, unknown>, facts: Facts): Promise<boolean | 'throws'> {
  const rules: RuleDef[] = [{ id: 'r', conditions: { all: [leaf as never] }, event: { type: 't' } }];
  const expected = await settle(() => createEngineRuleSet(rules, operators).evaluate(facts));
  const actual = await settle(() => createCompiledRuleSet(rules, operators).evaluateSync(facts));
  expect(actual).toStrictEqual(expected);
  return expected.ok ? expected.result.outcomes[0]!.passed : 'throws';
}

describe('operator edge cases, pinned against the reference', () => {
  const cases: [string, unknown, unknown, boolean | 'throws'][] = [
    // [operator, fact value (undefined = missing), rule value, reference answer]
    ['equal', undefined, null, false],
    ['equal', 5, '5', false],
    ['notEqual', undefined, 'x', true],
    ['notEqual', null, null, false],
    ['in', undefined, ['a'], false],
    ['in', 'a', 'abc', true], // a string value: substring test
    ['in', undefined, 'xundefinedx', true],
    ['in', 'a', null, 'throws'],
    ['in', 'a', 5, 'throws'],
    ['in', Number.NaN, [Number.NaN], false],
    ['notIn', undefined, ['a'], true],
    ['notIn', 'a', { a: 1 }, 'throws'],
    ['contains', ['a', 'b'], 'a', true],
    ['contains', 'abc', 'a', false], // strings are not arrays here
    ['contains', undefined, 'a', false],
    ['doesNotContain', undefined, 'a', false], // unlike notIn, fails on a missing fact
    ['doesNotContain', ['b'], 'a', true],
    ['lessThan', '5', 10, true], // numeric strings pass the validator
    ['lessThan', '5px', 10, false], // passes the validator (parseFloat = 5), then "5px" < 10 is NaN < 10
    ['lessThan', [5], 10, true],
    ['lessThan', null, 10, false],
    ['lessThan', '', 10, false],
    ['lessThan', true, 10, false],
    ['lessThanInclusive', 10, 10, true],
    ['greaterThan', 'Infinity', 10, true],
    ['greaterThan', 'abc', 0, false],
    ['greaterThanInclusive', undefined, 0, false],
    ['startsWith', 'fault/x', 'fault/', true],
    ['startsWith', ['fault/'], 'fault/', false],
    ['endsWith', 'abc', 'bc', true],
    ['containsAny', 'Refund Please', ['please'], true],
    ['containsAny', ['a', 'b'], ['b'], true],
    ['containsAny', 5, [5], false],
    ['containsAll', 'refund please', ['REFUND', 'please'], true],
    ['containsAll', undefined, [], false], // accepts() fails before an empty every()
    ['containsAll', 'abc', [], true],
    ['matches', 'payment failed 42', '\\d+', true],
    ['matches', 'VIP', 'vip$', true],
    ['matches', 42, '\\d+', false],
    ['rawTruthy', 'x', null, false], // raw "x" is not === true
    ['noSuchOperator', 'x', 'y', 'throws'],
  ];
  for (const [operator, fact, value, answer] of cases) {
    it(`${operator}(${JSON.stringify(fact) ?? 'missing'}, ${JSON.stringify(value)}) is ${answer}`, async () => {
      expect(await both({ fact: 'f', operator, value }, fact === undefined ? {} : { f: fact })).toBe(answer);
    });
  }

  it('not() uses truthiness of a raw operator result, all() needs === true', async () => {
    const rules = (conditions: RuleDef['conditions']): RuleDef[] => [{ id: 'r', conditions, event: { type: 't' } }];
    const facts = { f: 'x' };
    const leaf = { fact: 'f', operator: 'rawTruthy', value: null };
    for (const conditions of [
      { not: leaf },
      { all: [leaf] },
      { any: [leaf, leaf] },
      { not: { not: leaf } },
    ] as RuleDef['conditions'][]) {
      const r = rules(conditions);
      expect(createCompiledRuleSet(r, operators).evaluateSync(facts)).toStrictEqual(
        await createEngineRuleSet(r, operators).evaluate(facts),
      );
    }
    expect(
      createCompiledRuleSet(rules({ not: leaf as never }), operators).evaluateSync(facts).outcomes[0]!.passed,
    ).toBe(false);
  });

  it('paths, fact references and empty boolean lists', async () => {
    const facts = { customer: { tier: 'vip', address: { city: 'Paris' }, tags: ['a'] }, tier: 'vip', text: 'plain' };
    expect(await both({ fact: 'customer', path: '$.tier', operator: 'equal', value: { fact: 'tier' } }, facts)).toBe(
      true,
    );
    expect(await both({ fact: 'customer', path: '$.tags[0]', operator: 'equal', value: 'a' }, facts)).toBe(true);
    expect(await both({ fact: 'customer', path: '$.address.zip', operator: 'notEqual', value: 'x' }, facts)).toBe(true);
    // a path on a non-object fact leaves the value as it is
    expect(await both({ fact: 'text', path: '$.tier', operator: 'equal', value: 'plain' }, facts)).toBe(true);
    expect(await both({ fact: 'tier', operator: 'equal', value: { fact: 'customer', path: '$.tier' } }, facts)).toBe(
      true,
    );
    expect(await both({ any: [] }, {})).toBe(true);
    expect(await both({ all: [] }, {})).toBe(true);
    expect(await both({ not: { any: [] } }, {})).toBe(false);
    // both `any` and `all`: the engine reads it as `any`
    expect(
      await both(
        {
          any: [{ fact: 'tier', operator: 'equal', value: 'vip' }],
          all: [{ fact: 'tier', operator: 'equal', value: 'no' }],
        },
        facts,
      ),
    ).toBe(true);
    // a reference to a named condition that does not exist throws when reached
    expect(await both({ condition: 'nope' }, facts)).toBe('throws');
    expect(
      await both(
        { any: [{ fact: 'tier', operator: 'equal', value: 'vip', priority: 2 }, { condition: 'nope' }] },
        facts,
      ),
    ).toBe(true);
    // literal objects never equal a fact (the engine compares against a clone)
    const same = { a: 1 };
    expect(await both({ fact: 'f', operator: 'equal', value: same }, { f: same })).toBe(false);
  });

  it('a throwing sibling throws even when an earlier sibling already failed; priority sets short-circuit', async () => {
    const failing = { fact: 'f', operator: 'equal', value: 'nope' };
    const throwing = { fact: 'f', operator: 'in', value: { fact: 'missing' } };
    expect(await both({ all: [failing, throwing] }, { f: 'x' })).toBe('throws');
    // a higher-priority failing set stops before the throwing one
    expect(await both({ all: [{ ...failing, priority: 2 }, throwing] }, { f: 'x' })).toBe(false);
    expect(await both({ any: [{ fact: 'f', operator: 'equal', value: 'x', priority: 5 }, throwing] }, { f: 'x' })).toBe(
      true,
    );
  });
});
