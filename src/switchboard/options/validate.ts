import { Ajv, type ErrorObject } from 'ajv';
import { SwitchboardError } from '../../core/errors/index.ts';
import { didYouMean } from '../../core/util/suggest.ts';
import { optionsSchema } from './schema.ts';
import type { ResolvedOptions } from './types.ts';

function compile() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'swbMethods',
    schemaType: 'array',
    validate: (methods: string[], data: unknown) =>
      (typeof data === 'object' || typeof data === 'function') &&
      data !== null &&
      methods.every((m) => typeof (data as Record<string, unknown>)[m] === 'function'),
  });
  ajv.addKeyword({
    keyword: 'swbFunction',
    schemaType: 'boolean',
    validate: (wanted: boolean, data: unknown) => !wanted || typeof data === 'function',
  });
  return ajv.compile(optionsSchema);
}

let validator: ReturnType<typeof compile> | undefined;

/** Properties a schema object declares, for "did you mean" on a misspelt option. */
function knownAt(path: string): string[] {
  let node: { properties?: Record<string, unknown> } = optionsSchema;
  for (const part of path.split('/').filter(Boolean)) {
    const next = node.properties?.[part] as typeof node | undefined;
    if (!next) return [];
    node = next;
  }
  return Object.keys(node.properties ?? {});
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || '/';
  const schema = e.parentSchema as { tsType?: string; swbMethods?: string[] } | undefined;
  if (e.keyword === 'additionalProperties') {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    const known = knownAt(e.instancePath);
    return `${at === '/' ? '' : at}/${name} is not an option${didYouMean(name, known)}; options here: ${known.join(', ')}`;
  }
  if (e.keyword === 'swbMethods')
    return `${at} must be a ${schema?.tsType} (an object with ${schema?.swbMethods?.join(', ')})`;
  if (e.keyword === 'swbFunction') return `${at} must be a function ${schema?.tsType ?? ''}`.trimEnd();
  return `${at} ${e.message}`;
}

/** Runtime objects are the host's own: only the plain sections are frozen. */
const runtimeKeys = new Set(['store', 'clock', 'ids', 'logger', 'bus', 'onSurveyLink', 'onFirstAdminToken']);

function freezeData<T>(value: T, key = ''): T {
  if (runtimeKeys.has(key) || key === 'embedded' || key === 'env') return value;
  if (Array.isArray(value)) {
    for (const v of value) freezeData(v);
    return Object.freeze(value);
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) freezeData(v, k);
    return Object.freeze(value);
  }
  return value;
}

/**
 * Checks the options against the schema once: every problem at once, each with the path of the
 * bad field (`/sla/pollMs must be >= 1`), as SWB_OPTIONS_INVALID. Returns a frozen copy.
 */
export function resolveOptions(given: Record<string, unknown>): ResolvedOptions {
  validator ??= compile();
  const copy = structuredCloneData(given);
  if (!validator(copy)) {
    const problems = (validator.errors ?? []).map(describe);
    const unique = [...new Set(problems)];
    throw new SwitchboardError('SWB_OPTIONS_INVALID', `createSwitchboard options are invalid: ${unique.join('; ')}`, {
      problems: unique,
    });
  }
  return freezeData(copy) as ResolvedOptions;
}

/** A copy of the plain sections (the caller's objects stay unfrozen); runtime objects are shared. */
function structuredCloneData(value: unknown): Record<string, unknown> {
  const copy = (v: unknown, k: string): unknown => {
    if (runtimeKeys.has(k) || k === 'embedded' || k === 'env') return Array.isArray(v) ? [...v] : v;
    if (Array.isArray(v)) return v.map((x) => copy(x, ''));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, copy(vv, kk)]));
    return v;
  };
  return copy(value, '') as Record<string, unknown>;
}
