import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { addApiFormats } from './api-formats.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { SchemaName } from './route.ts';

/**
 * Query-string validators over the same schema file. Query values arrive as strings, so types
 * are coerced (on a copy: the request keeps its own query). Repeated parameters (arrays) fail.
 */
export function createQueryValidators(): (name: SchemaName, query: Record<string, unknown>) => void {
  const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: true, useDefaults: false });
  addApiFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(new URL('../../schemas/api.schema.json', import.meta.url), 'utf8')) as object);
  const cache = new Map<SchemaName, ValidateFunction>();
  return (name, query) => {
    let validate = cache.get(name);
    if (!validate) {
      validate = ajv.getSchema(
        `https://switchboard.dev/schemas/api.schema.json#/definitions/${name}`,
      ) as ValidateFunction;
      cache.set(name, validate);
    }
    if (!validate({ ...query })) {
      const e = (validate.errors ?? [])[0] as ErrorObject;
      const key =
        e.keyword === 'additionalProperties'
          ? (e.params as { additionalProperty: string }).additionalProperty
          : (e.instancePath.slice(1).split('/')[0] ?? '');
      const allowed = Object.keys((validate.schema as { properties?: object }).properties ?? {}).join(', ');
      const message =
        e.keyword === 'additionalProperties'
          ? `unknown query parameter "${key}"; use ${allowed}`
          : `query parameter ${key} ${e.message ?? 'is invalid'}`;
      throw new SwitchboardError('SWB_API_VALIDATION', message, {
        path: `?${key}`,
        keyword: e.keyword,
        params: e.params,
      });
    }
  };
}
