import type { ErrorObject } from 'ajv';
import { createApiSchemas } from './api-schemas.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { SchemaName } from './route.ts';

/** Any definition of schemas/api.schema.json (routes name them). */
export type BodyName = SchemaName;

/**
 * Request-body validators. Not allErrors: that is for admins' YAML; for untrusted bodies the
 * first problem is enough and cheaper (ajv's security notes).
 */
export function createBodyValidators(): (name: BodyName, body: unknown) => void {
  // verbose: a pattern's error can then say what the field takes (its description), not the regex
  const schemaOf = createApiSchemas({ verbose: true });
  return (name, body) => {
    const validate = schemaOf(name);
    if (!validate(body)) {
      const e = (validate.errors ?? [])[0] as ErrorObject;
      const path =
        e.keyword === 'additionalProperties'
          ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`
          : e.keyword === 'required'
            ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
            : e.instancePath || '/';
      const message =
        e.keyword === 'additionalProperties'
          ? `unknown field ${path}: remove it`
          : e.keyword === 'required'
            ? `missing required field ${path}`
            : e.keyword === 'pattern' && (e.parentSchema as { description?: string } | undefined)?.description
              ? `${path} does not fit: ${(e.parentSchema as { description: string }).description}`
              : `${path} ${e.message ?? 'is invalid'}`;
      throw new SwitchboardError('SWB_API_VALIDATION', message, { path, keyword: e.keyword, params: e.params });
    }
  };
}
