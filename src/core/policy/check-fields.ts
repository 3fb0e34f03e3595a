import type { KnownIds } from './known-ids.ts';
import { createProblemList } from './problem-list.ts';
import type { PointedProblem } from './problem.ts';
import type { PolicyDoc } from './types.ts';

/**
 * The `fields:` section beyond its schema: unique ids, values for every enum (and only for
 * enums), `requiredOn` naming channels of the policy, and `privacy.pii` naming declared fields
 * when the policy declares any.
 */
export function checkFieldDefs(doc: PolicyDoc, ids: KnownIds): PointedProblem[] {
  const { push, ref, unique, problems } = createProblemList();
  const fields = Array.isArray(doc.fields) ? doc.fields : [];
  unique(fields, '/fields', 'field');
  fields.forEach((f, i) => {
    if (!f || typeof f !== 'object') return;
    const at = `/fields/${i}`;
    if (f.type === 'enum' && !(Array.isArray(f.values) && f.values.length > 0))
      push(at, 'SWB_CONFIG_SCHEMA', `field "${f.id}" is an enum: list its values, e.g. values: [high, low]`);
    if (f.type !== 'enum' && f.values !== undefined)
      push(`${at}/values`, 'SWB_CONFIG_SCHEMA', `field "${f.id}" is of type ${f.type}: values belong to enum fields`);
    f.requiredOn?.forEach((c, j) => {
      if (c !== '*') ref(`${at}/requiredOn/${j}`, 'channel', c, ids.channelIds);
    });
  });
  const pii = (doc.privacy as { pii?: unknown } | undefined)?.pii;
  if (ids.fieldIds.size > 0 && Array.isArray(pii))
    pii.forEach((p, j) => ref(`/privacy/pii/${j}`, 'field', p, ids.fieldIds));
  return problems;
}
