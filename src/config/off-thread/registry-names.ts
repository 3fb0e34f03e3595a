import { createActionRegistry, type ActionRegistry } from '../../core/rules/actions.ts';
import { createFactRegistry, type FactRegistry, type RuleStage } from '../../core/rules/facts.ts';
import { createOperatorRegistry, type OperatorRegistry } from '../../core/rules/operators.ts';

const stages: readonly RuleStage[] = ['classification', 'priority', 'sla', 'routing', 'automation'];

/** The names a policy may refer to (plugins add some at run time): what a worker thread can be sent. */
export interface RegistryNames {
  operators: string[];
  facts: { name: string; availableIn: RuleStage[] }[];
  actions: string[];
}

export function describeRegistries(r: {
  operators: OperatorRegistry;
  facts: FactRegistry;
  actions: ActionRegistry;
}): RegistryNames {
  const facts = new Map<string, RuleStage[]>();
  for (const stage of stages)
    for (const name of r.facts.names(stage)) facts.set(name, [...(facts.get(name) ?? []), stage]);
  return {
    operators: r.operators.custom().map((o) => o.name),
    facts: [...facts].map(([name, availableIn]) => ({ name, availableIn })),
    actions: r.actions.names(),
  };
}

/**
 * Registries that know the same names. Plugin code stays in the main thread, so a plugin
 * operator's value check and an action's params check run there, on candidates that pass here.
 */
export function registriesFromNames(n: RegistryNames): {
  operators: OperatorRegistry;
  facts: FactRegistry;
  actions: ActionRegistry;
} {
  const operators = createOperatorRegistry();
  for (const name of n.operators)
    if (!operators.has(name)) operators.add({ name, description: 'added by a plugin', evaluate: () => false });
  const facts = createFactRegistry();
  for (const f of n.facts)
    if (!stages.some((s) => facts.has(f.name, s)))
      facts.add({ name: f.name, description: 'added by a plugin', availableIn: f.availableIn });
  const actions = createActionRegistry(n.actions.map((name) => ({ name, run: () => undefined })));
  return { operators, facts, actions };
}
