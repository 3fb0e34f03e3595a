import { invalidPolicy } from '../config/invalid-policy.ts';
import { defaultPreset, presetPath } from '../runtime/presets.ts';
import { createPolicyLoader } from '../config/load.ts';
import type { Policy } from '../core/policy/types.ts';

/** `--config DIR|FILE` or `--preset NAME` (default the base preset), validated. */
export async function loadCliPolicy(values: { config?: string; preset?: string }): Promise<Policy> {
  const r = await createPolicyLoader().fromPath(values.config ?? presetPath(values.preset ?? defaultPreset));
  if (!r.ok) throw invalidPolicy(r.problems);
  return r.policy;
}
