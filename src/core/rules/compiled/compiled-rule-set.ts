/**
 * The compiled evaluator: each rule becomes synchronous closures at construction, proven equal to
 * json-rules-engine (test/rules/parity.test.ts). Semantics of the reference it reproduces, some
 * of them surprising (json-rules-engine 7.3.1 with allowUndefinedFacts and our path resolver):
 *
 * - `all: []` and `any: []` both PASS (empty sets are true, not false for `any`).
 * - A leaf's raw operator result is kept: `all`/`any` count a child only when it is `=== true`,
 *   `not` uses truthiness (`!raw`). Built-ins return booleans; plugin operators might not.
 * - Missing facts are `undefined`: `notEqual` and `notIn` PASS on them, `equal`/`in` fail,
 *   `contains`/`doesNotContain` FAIL (their fact validator is Array.isArray), numeric ops fail.
 * - Numeric ops validate with `parseFloat(v).toString() !== 'NaN'`, then compare with JS `<`:
 *   "5", [5] and "Infinity" pass and compare as numbers; "5px" passes the validator but then
 *   `"5px" < 10` is NaN-false; "10" < "9" is a string comparison when the value is a string
 *   too (fact reference); null, true and "" fail the validator.
 * - `in`/`notIn` call `value.indexOf(fact)`: a string value is a SUBSTRING test on String(fact)
 *   ("undefined" included), null/number/object values THROW, and the whole run rejects.
 * - `path` applies only when the fact is a non-null object; a string fact with a path stays the
 *   string. `value: { fact, path }` reads the other fact the same way.
 * - Literal object values are compared against a per-run clone, so `equal {}` never matches.
 * - A condition object with both `any` and `all` is an `any`; `not` is the weakest.
 * - Condition `priority` (parseInt || 1) splits siblings into sets run highest first: a set is
 *   evaluated entirely (no short-circuit inside it, so a throwing sibling always throws), later
 *   sets only if still undecided. Throwing leaves are therefore evaluated eagerly here.
 * - Rule priority 0 runs as 1 (results still list it by the written 0); priorities in (0, 1) or
 *   below 0 make the engine throw when it builds.
 * - Event params are kept only when truthy and deep-cloned per run.
 * Custom operators: `accepts` is the engine's fact-value validator (`accepts(a) && evaluate(a,b)`).
 *
 * Not compiled (createRuleSet falls back to the engine): operators marked `async`, decorator
 * operators ("not:equal"), rules the engine rejects, duplicate or empty ids, non-numeric
 * priorities. Per evaluation, facts that are functions, promises, Fact instances, or a facts
 * object with a foreign prototype go to the engine (`evaluate`) or throw (`evaluateSync`).
 *
 * Assumed (not checked per evaluation, for speed):
 * - Facts are JSON-like inside: no symbols, null-prototype objects or throwing toString. With
 *   them the engine can throw from a coercion (numeric ops, `in` on a string) in a leaf that
 *   the compiled evaluator short-circuits or skips by index; results are otherwise the same.
 * - A promise nested in a fact and reached through a path is awaited by the engine; compiled
 *   hands such evaluations to the engine when it reaches one, not when the leaf is skipped.
 * - Condition priorities count as parsed (`parseInt`); the reference's first Engine sees raw
 *   non-integer leaf priorities (it then rewrites them in the rule), which only changes which
 *   leaves run, never the outcome of conditions that do not throw.
 * - Rules and the operator registry do not change after construction.
 */
import { SwitchboardError } from '../../errors/index.ts';
import { createEngineRuleSet } from '../engine-rule-set.ts';
import type { OperatorRegistry } from '../operators.ts';
import type { Facts, FiredEvent, RuleDef, RuleOutcome, RuleSet, RuleSetResult } from '../types.ts';
import { compileRules, type CompiledRule } from './compile-rules.ts';
import { NeedsEngine, plainFactsProblem } from './needs-engine.ts';
import { createRuleIndex } from './rule-index.ts';

export interface CompiledRuleSet extends RuleSet {
  evaluateSync(facts: Facts): RuleSetResult;
  /** Index keys and how many rules they cover (the rest are always tested). */
  readonly index: { keys: readonly string[]; indexedRules: number };
}

export interface CompiledRuleSetOptions {
  /** Bucket rules by a discriminating fact (default true). */
  index?: boolean;
}

export function createCompiledRuleSet(
  rules: readonly RuleDef[],
  operators: OperatorRegistry,
  options: CompiledRuleSetOptions = {},
): CompiledRuleSet {
  const compiled = compileRules(rules, operators);
  if (!compiled.ok)
    throw new SwitchboardError('SWB_CONFIG_RULE', `rules cannot be compiled: ${compiled.reason}`, {
      reason: compiled.reason,
    });
  return assembleCompiledRuleSet(rules, operators, compiled.rules, options);
}

/** The rule set around an already compiled program (createRuleSet compiles only once). */
export function assembleCompiledRuleSet(
  rules: readonly RuleDef[],
  operators: OperatorRegistry,
  program: readonly CompiledRule[],
  options: CompiledRuleSetOptions = {},
): CompiledRuleSet {
  const index = createRuleIndex(options.index === false ? [] : program, {});
  const indexed = options.index !== false && index.indexedRules > 0;
  let engine: RuleSet | undefined; // only built when some facts need it
  // Outcomes are the same two values per rule every run: shared, frozen, never allocated per run.
  const passedOutcomes = program.map((r) => Object.freeze({ ruleId: r.id, passed: true }));
  const failedOutcomes = program.map((r) => Object.freeze({ ruleId: r.id, passed: false }));
  const scratch = new Uint8Array(program.length);
  let busy = false;

  const run = (facts: Facts): RuleSetResult => {
    if (program.length === 0) return { events: [], outcomes: [] };
    const problem = plainFactsProblem(facts);
    if (problem) throw new NeedsEngine(problem);
    // The mask buffer is reused unless a rule's operator evaluates this rule set again meanwhile.
    const nested = busy;
    const mask = indexed ? index.candidates(facts, nested ? undefined : scratch) : undefined;
    const outcomes: RuleOutcome[] = failedOutcomes.slice(); // a packed copy; passes overwrite
    const events: FiredEvent[] = [];
    busy = true;
    try {
      for (let i = 0; i < program.length; i++) {
        if (mask !== undefined && mask[i] === 0) continue;
        const r = program[i]!;
        if (r.test(facts) === true) {
          outcomes[i] = passedOutcomes[i]!;
          events.push({ ruleId: r.id, type: r.type, params: r.params() });
        }
      }
    } finally {
      busy = nested;
    }
    return { events, outcomes };
  };

  return {
    rules,
    index: { keys: indexed ? index.keys : [], indexedRules: indexed ? index.indexedRules : 0 },
    evaluateSync(facts) {
      try {
        return run(facts);
      } catch (e) {
        if (e instanceof NeedsEngine) {
          throw new SwitchboardError(
            'SWB_INTERNAL',
            `evaluateSync cannot evaluate these facts (${e.reason}); use evaluate()`,
          );
        }
        throw e;
      }
    },
    async evaluate(facts) {
      try {
        return run(facts);
      } catch (e) {
        if (!(e instanceof NeedsEngine)) throw e;
        engine ??= createEngineRuleSet(rules, operators);
        return engine.evaluate(facts);
      }
    },
  };
}
