import { isDeepStrictEqual } from 'node:util';
import {
  createCompiledRuleSet,
  createEngineRuleSet,
  createOperatorRegistry,
  type RuleSetResult,
} from '../src/core/rules/index.ts';
import { createBenchRules, createBenchTickets } from './rules-fixtures.ts';

export interface RulesBenchRow {
  ruleCount: number;
  compiledPerSec: number;
  referencePerSec: number;
  ratio: number;
  /** Rule outcomes compared, compiled vs reference (tickets × rules). */
  parityCases: number;
  /** Rule outcomes (or a ticket's event list) that differed. */
  mismatches: number;
  parityTickets: number;
  indexedRules: number;
}

/** Rule outcomes that differ between two results, plus one if the event lists differ. */
function countMismatches(a: RuleSetResult, b: RuleSetResult): number {
  let n = isDeepStrictEqual(a.events, b.events) ? 0 : 1;
  const len = Math.max(a.outcomes.length, b.outcomes.length);
  for (let i = 0; i < len; i++) if (!isDeepStrictEqual(a.outcomes[i], b.outcomes[i])) n++;
  return n;
}

/**
 * Tickets/s through the compiled evaluator (evaluateSync) and json-rules-engine (sequential
 * awaits) on the same generated rules and tickets, and a parity count of at least 100,000 rule
 * outcomes per size (10,000 with quick). The reference's timing comes from the parity pass.
 */
export async function benchRules(opts: { quick?: boolean }): Promise<{ rules: RulesBenchRow[] }> {
  const operators = createOperatorRegistry();
  const minCases = opts.quick ? 10_000 : 100_000;
  const compiledBudgetMs = opts.quick ? 150 : 1500;
  const rows: RulesBenchRow[] = [];
  for (const ruleCount of [40, 200, 1000]) {
    const rules = createBenchRules(ruleCount);
    const reference = createEngineRuleSet(rules, operators);
    const compiled = createCompiledRuleSet(rules, operators);
    const parityTickets = Math.ceil(minCases / ruleCount);
    const tickets = createBenchTickets(Math.max(parityTickets, 2000));

    await reference.evaluate(tickets[0]!); // build the first Engine outside the timing
    let mismatches = 0;
    const t0 = performance.now();
    const expected: RuleSetResult[] = [];
    for (let i = 0; i < parityTickets; i++) expected.push(await reference.evaluate(tickets[i]!));
    const referenceMs = performance.now() - t0;
    for (let i = 0; i < parityTickets; i++)
      mismatches += countMismatches(expected[i]!, compiled.evaluateSync(tickets[i]!));

    let done = 0;
    const t1 = performance.now();
    let elapsed = 0;
    while (elapsed < compiledBudgetMs) {
      for (let i = 0; i < 200; i++) compiled.evaluateSync(tickets[(done + i) % tickets.length]!);
      done += 200;
      elapsed = performance.now() - t1;
    }
    const compiledPerSec = (done / elapsed) * 1000;
    const referencePerSec = (parityTickets / referenceMs) * 1000;
    rows.push({
      ruleCount,
      compiledPerSec: Math.round(compiledPerSec),
      referencePerSec: Math.round(referencePerSec * 10) / 10,
      ratio: Math.round(compiledPerSec / referencePerSec),
      parityCases: parityTickets * ruleCount,
      mismatches,
      parityTickets,
      indexedRules: compiled.index.indexedRules,
    });
  }
  return { rules: rows };
}
