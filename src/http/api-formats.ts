import type { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as ((
  ajv: Ajv,
) => void) & { get(name: string): unknown };

const dateTime = addFormats.get('date-time') as { validate: (s: string) => boolean } | ((s: string) => boolean);
const rfc3339 = typeof dateTime === 'function' ? dateTime : dateTime.validate;

/**
 * ajv-formats, with `date-time` narrowed to instants the runtime can compute with: RFC 3339
 * admits a leap second (`23:59:60Z`), which `Date.parse` cannot place, so every later step
 * would see NaN.
 */
export function addApiFormats(ajv: Ajv): void {
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => rfc3339(s) && Number.isFinite(Date.parse(s)) });
}
