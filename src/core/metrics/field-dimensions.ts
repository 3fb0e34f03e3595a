import type { FieldDef } from '../policy/field-types.ts';
import type { Policy } from '../policy/types.ts';
import { didYouMean, listValues } from '../util/suggest.ts';

/** A declared field as a metrics dimension: `fields.<id>`. */
export type FieldDimension = `fields.${string}`;

const prefix = 'fields.';
export const isFieldDimension = (name: string): name is FieldDimension => name.startsWith(prefix);

/**
 * Fields a metric may be grouped by: enum and boolean fields (few values each) that are not
 * personal data. A free-text or numeric field would make one group per ticket, and grouping by a
 * `pii` field would print the masked values as group keys.
 */
export function groupableFields(policy: Pick<Policy, 'fields'>): FieldDef[] {
  let out = cache.get(policy.fields);
  if (!out) {
    out = [...policy.fields.values()].filter((f) => (f.type === 'enum' || f.type === 'boolean') && !f.pii);
    cache.set(policy.fields, out);
  }
  return out;
}
const cache = new WeakMap<ReadonlyMap<string, FieldDef>, FieldDef[]>();

/** The group key of one ticket's field value: the value as text, or `none` when absent. */
export function fieldDimensionValue(value: unknown, none: string): string {
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : none;
}

/** Why `fields.<id>` cannot be a dimension under this policy, or undefined when it can. */
export function fieldDimensionProblem(name: FieldDimension, policy: Pick<Policy, 'fields'>): string | undefined {
  const id = name.slice(prefix.length);
  const def = policy.fields.get(id);
  const usable = groupableFields(policy).map((f) => `${prefix}${f.id}`);
  if (!def)
    return `the policy declares no field "${id}"${didYouMean(name, usable)}; fields to group by: ${usable.length ? listValues(usable) : 'none (declare an enum or boolean field under fields:)'}`;
  if (def.pii) return `${name} is personal data (pii: true) and cannot be a group key`;
  if (def.type !== 'enum' && def.type !== 'boolean')
    return `${name} is a ${def.type} field; group by an enum or boolean field${usable.length ? ` (${listValues(usable)})` : ''}`;
  return undefined;
}
