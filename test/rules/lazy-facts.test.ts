import { describe, expect, it } from 'vitest';
import { createOperatorRegistry, createRuleSet, type Facts, type RuleDef } from '../../src/core/rules/index.ts';
import { markLazyFacts } from '../../src/core/rules/lazy-fact.ts';
import { automationFacts } from '../../src/core/sla/automation-facts.ts';
import { loadBasePolicy } from '../helpers/base-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const rule = (id: string, fact: string, value: unknown): RuleDef => ({
  id,
  conditions: { all: [{ fact, operator: 'equal', value }] },
  event: { type: 'hit', params: {} },
});

/** Facts with one plain fact and one lazy `hour` that counts how often it was measured. */
function factsWithLazyHour(): { facts: Facts; measured: () => number } {
  let count = 0;
  const facts: Facts = markLazyFacts(
    {
      status: 'open',
      get hour() {
        count++;
        return 9;
      },
    },
    new Set(['hour']),
  );
  return { facts, measured: () => count };
}

describe('lazy facts', () => {
  const operators = createOperatorRegistry();

  it('are not measured when no rule reads them', async () => {
    const rules = createRuleSet([rule('open', 'status', 'open')], operators);
    const { facts, measured } = factsWithLazyHour();
    const r = await rules.evaluate(facts);
    expect(r.events.map((e) => e.ruleId)).toEqual(['open']);
    expect(measured()).toBe(0);
  });

  it('are measured when rules read them, and the rules see their value', async () => {
    const rules = createRuleSet(
      [rule('nine', 'hour', 9), rule('ten', 'hour', 10), rule('open', 'status', 'open')],
      operators,
    );
    const { facts, measured } = factsWithLazyHour();
    const r = await rules.evaluate(facts);
    expect(r.events.map((e) => e.ruleId).sort()).toEqual(['nine', 'open']);
    expect(measured()).toBeGreaterThan(0);
  });

  it('give the engine the same answer as the compiled evaluator', async () => {
    const defs = [rule('nine', 'hour', 9), rule('open', 'status', 'closed')];
    const compiled = createRuleSet(defs, operators);
    const engine = createRuleSet(defs, operators, { mode: 'engine' });
    const a = await compiled.evaluate(factsWithLazyHour().facts);
    const b = await engine.evaluate(factsWithLazyHour().facts);
    expect(a.events.map((e) => e.ruleId)).toEqual(b.events.map((e) => e.ruleId));
    expect(a.events.map((e) => e.ruleId)).toEqual(['nine']);
  });
});

describe('automation facts of a ticket', () => {
  const operators = createOperatorRegistry();
  // Monday 2026-01-05 10:30 in Shanghai
  const nowMs = Date.parse('2026-01-05T02:30:00Z');

  it('give the measured facts (hour, weekday, minutes since created) to the compiled evaluator and to the engine alike', async () => {
    const policy = await loadBasePolicy();
    const ticket = makeTicket({ createdAt: '2026-01-05T02:00:00Z', status: 'open' });
    const defs = [
      rule('hour', 'hour', 10),
      rule('weekday', 'weekday', 'mon'),
      rule('age', 'minutesSinceCreated', 30),
      rule('status', 'status', 'open'),
      rule('never', 'hour', 3),
    ];
    const compiled = createRuleSet(defs, operators);
    const engine = createRuleSet(defs, operators, { mode: 'engine' });
    expect(compiled.mode).toBe('compiled');
    const a = (await compiled.evaluate(automationFacts(ticket, policy, nowMs))).events.map((e) => e.ruleId).sort();
    const b = (await engine.evaluate(automationFacts(ticket, policy, nowMs))).events.map((e) => e.ruleId).sort();
    expect(a).toEqual(['age', 'hour', 'status', 'weekday']);
    expect(b).toEqual(a);
  });

  it('list every fact to a for-in walk, the measured ones included, and keep facts assigned onto them', async () => {
    const policy = await loadBasePolicy();
    const facts = Object.assign(automationFacts(makeTicket(), policy, nowMs), { change: { kind: 'created' } });
    const names: string[] = [];
    for (const k in facts) names.push(k);
    expect(names).toEqual(expect.arrayContaining(['status', 'tier', 'hour', 'businessMinutesToBreach', 'change']));
    expect(facts.hour).toBe(10);
  });
});
