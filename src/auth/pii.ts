import type { Policy } from '../core/policy/types.ts';

/**
 * What the policy declares personal beyond the customer's contact fields (always personal):
 * ticket `fields` listed under `privacy.pii` or declared with `pii: true`. Read per call: a policy reload changes it.
 */
export interface PiiRules {
  fields: ReadonlySet<string>;
}

export function piiRules(policy: Policy | undefined): PiiRules {
  const declared = (policy?.doc.privacy as { pii?: unknown } | undefined)?.pii;
  const ids = Array.isArray(declared) ? declared.filter((x): x is string => typeof x === 'string') : [];
  for (const f of policy?.fields.values() ?? []) if (f.pii) ids.push(f.id);
  return { fields: new Set(ids) };
}
