import type { KnownIds } from '../../core/policy/known-ids.ts';
import type { PointedProblem } from '../../core/policy/problem.ts';
import type { PolicyDoc } from '../../core/policy/types.ts';
import type { ActionRegistry } from '../../core/rules/actions.ts';
import type { FactRegistry } from '../../core/rules/facts.ts';
import type { OperatorRegistry } from '../../core/rules/operators.ts';

export interface CheckContext {
  operators: OperatorRegistry;
  facts: FactRegistry;
  /** Actions rules may run; without a registry, no `action` event is allowed. */
  actions?: ActionRegistry;
  /** Declared ticket field ids (filled in by crossCheck from the document). */
  fields?: ReadonlySet<string>;
}

/**
 * One section of the policy and its checker. Checkers run on documents that may have failed
 * the schema (well-formed.ts), each on its own: one that throws is reported at `at` with
 * SWB_CONFIG_CHECK_FAILED and the others still run.
 */
export interface PolicySection {
  name: string;
  /** JSON pointer of the section, where a failure of its checker is reported. */
  at: string;
  check(doc: PolicyDoc, ids: KnownIds, ctx: CheckContext): PointedProblem[];
}
