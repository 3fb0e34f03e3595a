import { createOperatorRegistry, type OperatorRegistry, type RuleSetResult } from '../../src/core/rules/index.ts';

/** Our operators plus one returning raw (non-boolean) values, as a careless plugin might. */
export function createTestOperators(): OperatorRegistry {
  return createOperatorRegistry([
    {
      name: 'rawTruthy',
      description: 'returns the fact value itself',
      evaluate: ((a: unknown) => a) as unknown as (a: unknown, b: unknown) => boolean,
    },
  ]);
}

export type Outcome = { ok: true; result: RuleSetResult } | { ok: false };

/** Results, or the fact that evaluation threw (both evaluators must agree on which). */
export async function settle(run: () => RuleSetResult | Promise<RuleSetResult>): Promise<Outcome> {
  try {
    return { ok: true, result: await run() };
  } catch {
    return { ok: false };
  }
}
