import { readFileSync } from 'node:fs';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { addApiFormats } from './api-formats.ts';
import type { SchemaName } from './route.ts';

/**
 * The definitions of schemas/api.schema.json compiled with the given ajv options, each looked up
 * once. Not allErrors: that is for admins' YAML; for untrusted input the first problem is enough
 * and cheaper (ajv's security notes).
 */
export function createApiSchemas(options: Options): (name: SchemaName) => ValidateFunction {
  const ajv = new Ajv({ allErrors: false, strict: true, ...options });
  addApiFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(new URL('../../schemas/api.schema.json', import.meta.url), 'utf8')) as object);
  const cache = new Map<SchemaName, ValidateFunction>();
  return (name) => {
    let validate = cache.get(name);
    if (!validate) {
      validate = ajv.getSchema(
        `https://switchboard.dev/schemas/api.schema.json#/definitions/${name}`,
      ) as ValidateFunction;
      cache.set(name, validate);
    }
    return validate;
  };
}
