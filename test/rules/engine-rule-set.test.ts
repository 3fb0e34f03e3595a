import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../src/core/rules/engine-rule-set.ts';
import {
  createEngineRuleSet,
  createOperatorRegistry,
  type Facts,
  type RuleDef,
  type RuleSetResult,
} from '../../src/core/rules/index.ts';

const operators = createOperatorRegistry();

/** Rules over four priority levels; which ones fire depends on channel, tier and hour. */
function rules(): RuleDef[] {
  const out: RuleDef[] = [];
  const channels = ['web', 'phone', 'email'];
  for (let i = 0; i < 24; i++) {
    out.push({
      id: `r${i}`,
      priority: 1 + (i % 4),
      conditions: {
        all: [
          { fact: 'channel', operator: 'equal', value: channels[i % 3] },
          {
            any: [
              { fact: 'customer', path: '$.tier', operator: 'equal', value: i % 2 ? 'vip' : 'standard' },
              { fact: 'hour', operator: 'lessThan', value: i },
            ],
          },
        ],
      },
      event: { type: 'route', params: { queue: `q${i}` } },
    });
  }
  out.push({ id: 'low-catch-all', priority: 1, conditions: { all: [] }, event: { type: 'route' } });
  return out;
}

const factsFor = (i: number): Facts => ({
  channel: ['web', 'phone', 'email'][i % 3],
  customer: { tier: i % 5 === 0 ? 'vip' : 'standard' },
  hour: i % 24,
});

/** Starts the runs staggered by a few microtasks, so they overlap at different stages. */
async function staggered<T>(n: number, start: (i: number) => Promise<T>): Promise<T[]> {
  const runs: Promise<T>[] = [];
  for (let i = 0; i < n; i++) {
    runs.push(start(i));
    for (let k = 0; k < i % 13; k++) await Promise.resolve();
  }
  return Promise.all(runs);
}

describe('engine rule set (the reference)', () => {
  it('200 overlapping evaluations on one rule set equal sequential ones (no skipped rules)', async () => {
    const set = createEngineRuleSet(rules(), operators);
    const sequential: RuleSetResult[] = [];
    for (let i = 0; i < 200; i++) sequential.push(await set.evaluate(factsFor(i)));
    const concurrent = await staggered(200, (i) => set.evaluate(factsFor(i)));
    expect(concurrent).toStrictEqual(sequential);
    for (const r of concurrent) {
      expect(r.outcomes).toHaveLength(25);
      expect(r.events.at(-1)?.ruleId).toBe('low-catch-all');
    }
    expect(new Set(sequential.map((r) => r.events.length)).size).toBeGreaterThan(2); // different rules fire
  });

  it('orders outcomes by priority (highest first), then as written; events are the passed ones', async () => {
    const result = await createEngineRuleSet(rules(), operators).evaluate(factsFor(0));
    const ids = result.outcomes.map((o) => o.ruleId);
    expect(ids.slice(0, 6)).toEqual(['r3', 'r7', 'r11', 'r15', 'r19', 'r23']);
    expect(result.events.map((e) => e.ruleId)).toEqual(result.outcomes.filter((o) => o.passed).map((o) => o.ruleId));
  });

  it('a shared json-rules-engine Engine does skip rules under overlap (why the pool exists)', async () => {
    const engine = buildEngine(rules(), operators);
    const runs = await staggered(50, (i) => engine.run(factsFor(i)));
    const counts = runs.map((r) => r.results.length + r.failureResults.length);
    expect(Math.min(...counts)).toBeLessThan(25);
  });

  it('an evaluation that throws does not cut short later ones', async () => {
    const set = createEngineRuleSet(
      [
        {
          id: 'boom',
          priority: 3,
          conditions: { all: [{ fact: 'x', operator: 'in', value: { fact: 'missing' } }] },
          event: { type: 't' },
        },
        ...rules(),
      ],
      operators,
    );
    for (let i = 0; i < 20; i++) {
      await expect(set.evaluate({ ...factsFor(i), x: 1 })).rejects.toThrow();
      expect((await set.evaluate({ ...factsFor(i), x: 1, missing: [1] })).outcomes).toHaveLength(26);
    }
  });
});
