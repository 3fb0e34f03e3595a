import { SwitchboardError } from '../errors/index.ts';
import type { FieldDef } from '../policy/field-types.ts';
import type { Policy } from '../policy/types.ts';
import { didYouMean, listValues } from '../util/suggest.ts';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const realDay = (s: string) => isoDay.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Why `value` is not a valid value of the field, or undefined when it is. */
function whyInvalid(def: FieldDef, value: unknown): string | undefined {
  const long = (s: string) => def.maxLength !== undefined && s.length > def.maxLength;
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string') return 'a string';
      return long(value) ? `a string of at most ${def.maxLength} characters` : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'date':
      return typeof value === 'string' && realDay(value) ? undefined : 'a day as YYYY-MM-DD (e.g. 2026-12-02)';
    case 'datetime':
      return typeof value === 'string' && isoDateTime.test(value) && Number.isFinite(Date.parse(value))
        ? undefined
        : 'a time with its zone, ISO-8601 (e.g. 2026-12-02T09:30:00+08:00)';
    case 'enum':
      return typeof value === 'string' && (def.values ?? []).includes(value)
        ? undefined
        : `one of ${listValues(def.values ?? [])}`;
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && !long(v))
        ? undefined
        : `a list of strings${def.maxLength !== undefined ? ` of at most ${def.maxLength} characters each` : ''}`;
  }
}

/**
 * Checks `fields` against the policy's declared fields: each declared value has its type (null
 * removes a value on updates, and means absent at intake), undeclared keys are refused when the
 * policy is strict, and at intake (`channel` given) the fields required on that channel are
 * present. Throws SWB_TICKET_FIELD naming the field and what it may hold.
 */
export function checkFields(
  policy: Policy,
  fields: Record<string, unknown> | undefined,
  opts: { channel?: string; path?: string } = {},
): void {
  const at = opts.path ?? '/fields';
  const given = fields ?? {};
  for (const [key, value] of Object.entries(given)) {
    const def = policy.fields.get(key);
    if (!def) {
      if (policy.strictFields)
        throw new SwitchboardError(
          'SWB_TICKET_FIELD',
          `fields.${key} is not a declared field${didYouMean(key, policy.fields.keys())}; declared: ${listValues(policy.fields.keys()) || 'none'}`,
          { path: `${at}/${key}`, allowed: [...policy.fields.keys()] },
        );
      continue;
    }
    if (value === null) continue;
    const why = whyInvalid(def, value);
    if (why)
      throw new SwitchboardError('SWB_TICKET_FIELD', `fields.${key} must be ${why}; got ${JSON.stringify(value)}`, {
        path: `${at}/${key}`,
        ...(def.values ? { allowed: def.values } : {}),
      });
  }
  if (opts.channel === undefined) return;
  for (const def of policy.fields.values()) {
    const required = def.requiredOn?.includes('*') || def.requiredOn?.includes(opts.channel);
    if (required && (given[def.id] === undefined || given[def.id] === null))
      throw new SwitchboardError(
        'SWB_TICKET_FIELD',
        `fields.${def.id} is required on channel ${opts.channel}${def.label?.en ? ` (${def.label.en})` : ''}`,
        { path: `${at}/${def.id}` },
      );
  }
}

/** The fields with nulls removed: `null` means absent (exports write nulls for empty cells). */
export function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
}
