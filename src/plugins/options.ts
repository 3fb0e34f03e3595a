/** Plugin options: validated once against the plugin's schema (defaults applied), then frozen. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Problem } from '../core/policy/problem.ts';
import { locate, type SourceMap } from '../config/source-map.ts';
import type { JSONSchema } from './types.ts';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export interface OptionsValidator {
  /** Options with defaults applied, or the problems (each located in the policy when a map is given). */
  validate(
    plugin: string,
    schema: JSONSchema | undefined,
    options: unknown,
    where: { pointer?: string; map?: SourceMap; file?: string },
  ): { ok: true; options: Record<string, unknown> } | { ok: false; problems: Problem[] };
  /** A params check for actions (`checkParams`), compiled once. */
  checker(schema: JSONSchema): (params: Record<string, unknown>) => string[];
}

export function createOptionsValidator(): OptionsValidator {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  const cache = new WeakMap<object, ValidateFunction>();
  const compile = (schema: JSONSchema) => {
    let fn = cache.get(schema);
    if (!fn) cache.set(schema, (fn = ajv.compile(schema)));
    return fn;
  };
  return {
    validate(plugin, schema, options, where) {
      const data = structuredClone(options ?? {}) as Record<string, unknown>;
      if (!schema) return { ok: true, options: deepFreeze(data) };
      const fn = compile(schema);
      if (fn(data)) return { ok: true, options: deepFreeze(data) };
      const base = where.pointer ?? '';
      const problems = (fn.errors ?? []).map((e): Problem => {
        const path = `${base}${errorPath(e)}`;
        const pos = (where.map && locate(where.map, path, e.keyword === 'additionalProperties')) ?? {
          file: where.file ?? '(embedded)',
          line: 1,
          col: 1,
        };
        return {
          file: pos.file,
          line: pos.line,
          col: pos.col,
          code: 'SWB_PLUGIN_OPTIONS',
          path: path || '/',
          message: `plugin "${plugin}" option ${describe(e)}`,
        };
      });
      return { ok: false, problems };
    },
    checker(schema) {
      const fn = compile(schema);
      return (params) => (fn(structuredClone(params)) ? [] : (fn.errors ?? []).map((e) => `param ${describe(e)}`));
    },
  };
}

const errorPath = (e: ErrorObject) =>
  e.keyword === 'additionalProperties'
    ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}`
    : e.instancePath;

function describe(e: ErrorObject): string {
  const at = errorPath(e).slice(1).replace(/\//g, '.') || '(options)';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `"${at}" is not known: remove it or check its spelling`;
    case 'required':
      return `"${String(p.missingProperty)}" is required${at === '(options)' ? '' : ` in ${at}`}`;
    case 'enum':
      return `"${at}" must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `"${at}" ${e.message ?? e.keyword}`;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
