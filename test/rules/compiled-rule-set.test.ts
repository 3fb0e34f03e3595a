import { describe, expect, it } from 'vitest';
import {
  createCompiledRuleSet,
  createEngineRuleSet,
  createOperatorRegistry,
  createRuleSet,
  type Condition,
  type Facts,
  type RuleDef,
} from '../../src/core/rules/index.ts';

const rule = (id: string, conditions: RuleDef['conditions'], priority?: number): RuleDef => ({
  id,
  conditions,
  event: { type: 'route', params: { queue: id } },
  ...(priority === undefined ? {} : { priority }),
});

describe('indexing by a discriminating fact', () => {
  const channels = ['web', 'phone', 'email', 'chat'];
  const categories = ['fault/payment', 'fault/login', 'billing'];
  const build = () => {
    const tested: string[] = [];
    const operators = createOperatorRegistry([
      // records evaluations (always true); it comes first in each rule, so it shows which rules ran
      {
        name: 'probe',
        description: 'records the rule it runs for',
        total: true,
        evaluate: (_a, id) => (tested.push(String(id)), true),
      },
    ]);
    const rules: RuleDef[] = [];
    channels.forEach((ch, i) =>
      rules.push(
        rule(
          `ch-${ch}`,
          {
            all: [
              { fact: 'x', operator: 'probe', value: `ch-${ch}` },
              { fact: 'channel', operator: 'equal', value: ch },
            ],
          },
          1 + (i % 2),
        ),
      ),
    );
    categories.forEach((cat) =>
      rules.push(
        rule(`cat-${cat}`, {
          all: [
            { fact: 'x', operator: 'probe', value: `cat-${cat}` },
            { fact: 'category', operator: 'in', value: [cat, 'other'] },
          ],
        }),
      ),
    );
    rules.push(rule('always', { any: [{ fact: 'x', operator: 'probe', value: 'always' }] }));
    rules.push(
      rule('not-indexable', {
        all: [
          { fact: 'x', operator: 'probe', value: 'not-indexable' },
          { fact: 'channel', operator: 'notEqual', value: 'web' },
        ],
      }),
    );
    return { rules, operators, tested };
  };

  it('tests a ticket only against rules that can match, with the reference results', async () => {
    const { rules, operators, tested } = build();
    const compiled = createCompiledRuleSet(rules, operators);
    expect(compiled.index.keys).toEqual(['channel', 'category']);
    expect(compiled.index.indexedRules).toBe(7);
    const reference = createEngineRuleSet(rules, operators);
    const unindexed = createCompiledRuleSet(rules, operators, { index: false });
    const tickets: Facts[] = [
      { channel: 'phone', category: 'billing' },
      { channel: 'web', category: 'fault/login' },
      { channel: 'fax' },
      { category: 'other' },
      { channel: ['web'], category: null },
    ];
    for (const facts of tickets) {
      tested.length = 0;
      const result = compiled.evaluateSync(facts);
      const ran = [...tested];
      expect(result).toStrictEqual(await reference.evaluate(facts));
      expect(unindexed.evaluateSync(facts)).toStrictEqual(result);
      expect(result.outcomes).toHaveLength(rules.length); // skipped rules are reported as failed
      const candidates = [
        'always',
        'not-indexable',
        ...(typeof facts.channel === 'string' ? [`ch-${facts.channel}`] : []),
        ...categories.filter((c) => facts.category === c).map((c) => `cat-${c}`),
      ];
      if (facts.category === 'other') candidates.push(...categories.map((c) => `cat-${c}`));
      expect(new Set(ran)).toEqual(new Set(candidates.filter((id) => rules.some((r) => r.id === id))));
    }
  });

  it('does not index rules that may throw, so skipping never hides an engine error', async () => {
    const operators = createOperatorRegistry();
    const throwing = { fact: 'tags', operator: 'in', value: { fact: 'missing' } } as Condition;
    const rules = [
      rule('a', { all: [{ fact: 'channel', operator: 'equal', value: 'web' }, throwing] }),
      rule('b', { all: [{ fact: 'channel', operator: 'equal', value: 'web' }, throwing] }),
    ];
    const compiled = createCompiledRuleSet(rules, operators);
    expect(compiled.index.indexedRules).toBe(0);
    await expect(createEngineRuleSet(rules, operators).evaluate({ channel: 'phone' })).rejects.toThrow();
    expect(() => compiled.evaluateSync({ channel: 'phone' })).toThrow();
  });
});

describe('createRuleSet and fallbacks to the engine', () => {
  const leaf = (operator: string): Condition => ({ fact: 'channel', operator, value: 'web' });

  it('picks the compiled evaluator when it can, the engine when asked', async () => {
    const operators = createOperatorRegistry();
    const rules = [rule('r', { all: [leaf('equal')] })];
    const compiled = createRuleSet(rules, operators);
    expect(compiled.mode).toBe('compiled');
    expect(compiled.evaluateSync).toBeTypeOf('function');
    const engine = createRuleSet(rules, operators, { mode: 'engine' });
    expect(engine.mode).toBe('engine');
    expect(await compiled.evaluate({ channel: 'web' })).toStrictEqual(await engine.evaluate({ channel: 'web' }));
  });

  it('uses the engine for asynchronous operators, and agrees with it', async () => {
    const operators = createOperatorRegistry([
      {
        name: 'remoteCheck',
        description: 'async',
        async: true,
        evaluate: (async (a: unknown) => a === 'web') as never,
      },
    ]);
    const rules = [rule('r', { all: [leaf('remoteCheck')] })];
    const set = createRuleSet(rules, operators);
    expect(set.mode).toBe('engine');
    expect(set.fallbackReason).toMatch(/asynchronous/);
    expect((await set.evaluate({ channel: 'web' })).events.map((e) => e.ruleId)).toEqual(['r']);
    expect(() => createCompiledRuleSet(rules, operators)).toThrow(/asynchronous/);
  });

  it('uses the engine for decorator operators, duplicate ids and rules the engine rejects', () => {
    const operators = createOperatorRegistry();
    expect(createRuleSet([rule('r', { all: [leaf('not:equal')] })], operators).mode).toBe('engine');
    expect(createRuleSet([rule('r', { all: [] }), rule('r', { all: [] })], operators).mode).toBe('engine');
    expect(createRuleSet([rule('r', { all: [] }, 0.5)], operators).fallbackReason).toMatch(
      /Priority must be greater than zero/,
    );
    expect(createRuleSet([rule('r', { all: [{ fact: 'x', operator: 'equal' } as never] })], operators).mode).toBe(
      'engine',
    );
  });

  it('hands facts that are functions or promises to the engine; evaluateSync refuses them', async () => {
    const operators = createOperatorRegistry();
    const rules = [
      rule('r', { all: [leaf('equal')] }),
      rule('s', { all: [{ fact: 'customer', path: '$.tier', operator: 'equal', value: 'vip' }] }),
    ];
    const compiled = createCompiledRuleSet(rules, operators);
    const reference = createEngineRuleSet(rules, operators);
    const odd: Facts[] = [
      { channel: () => 'web' },
      { channel: Promise.resolve('web') },
      { channel: 'phone', customer: { tier: Promise.resolve('vip') } }, // awaited by the engine
      Object.assign(Object.create({ channel: 'web' }) as Facts, {}),
    ];
    for (const facts of odd) {
      expect(await compiled.evaluate(facts)).toStrictEqual(await reference.evaluate(facts));
      expect(() => compiled.evaluateSync(facts)).toThrow(/evaluateSync cannot evaluate/);
    }
    expect((await compiled.evaluate({ channel: async () => 'web' })).events).toHaveLength(1);
  });

  it('an operator that returns a promise at run time is awaited like the engine does', async () => {
    const operators = createOperatorRegistry([
      { name: 'sneaky', description: 'not marked async', evaluate: (async () => true) as never },
    ]);
    const rules = [rule('r', { all: [{ fact: 'channel', operator: 'sneaky', value: 1 }] })];
    const compiled = createCompiledRuleSet(rules, operators);
    expect(await compiled.evaluate({})).toStrictEqual(await createEngineRuleSet(rules, operators).evaluate({}));
    expect(() => compiled.evaluateSync({})).toThrow(/evaluateSync/);
  });
});
