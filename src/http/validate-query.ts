import type { ErrorObject } from 'ajv';
import { createApiSchemas } from './api-schemas.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { SchemaName } from './route.ts';

/**
 * Query-string validators over the same schema file. Query values arrive as strings, so types
 * are coerced (on a copy: the request keeps its own query). Repeated parameters (arrays) fail.
 */
export function createQueryValidators(): (name: SchemaName, query: Record<string, unknown>) => void {
  const schemaOf = createApiSchemas({ coerceTypes: true, useDefaults: false });
  return (name, query) => {
    const validate = schemaOf(name);
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
