import { fileURLToPath } from 'node:url';
import { createPolicyLoader, formatProblem } from '../../src/config/index.ts';
import type { Policy } from '../../src/core/policy/types.ts';

export const basePresetDir = fileURLToPath(new URL('../../configs/presets/base/', import.meta.url));

let cached: Promise<Policy> | undefined;

/** The bundled default preset, compiled once per test file. */
export function loadBasePolicy(): Promise<Policy> {
  cached ??= createPolicyLoader()
    .fromPath(basePresetDir)
    .then((r) => {
      if (!r.ok) throw new Error(`base preset does not load:\n${r.problems.map(formatProblem).join('\n')}`);
      return r.policy;
    });
  return cached;
}

/** Compiles an in-memory policy text; throws with the problems when it does not load. */
export function policyFromText(text: string, file = 'policy.yaml'): Policy {
  const r = createPolicyLoader().fromTexts([{ file, text }]);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.policy;
}
