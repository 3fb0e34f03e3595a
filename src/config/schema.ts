import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Problem } from '../core/policy/problem.ts';
import { locate, type SourceMap } from './source-map.ts';

const schemaDir = new URL('../../schemas/', import.meta.url);
const readSchema = (name: string) => JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')) as object;

// ajv-formats ships CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => void;

/** One schema per policy kind, joined by cross-file $refs (policy.schema.json is the whole). */
export const policySchemaFiles = [
  'common.schema.json',
  'rule.schema.json',
  'calendar.schema.json',
  'channels.schema.json',
  'categories.schema.json',
  'statuses.schema.json',
  'priorities.schema.json',
  'slas.schema.json',
  'agents.schema.json',
  'routing.schema.json',
  'scripts.schema.json',
  'workflows.schema.json',
  'metrics.schema.json',
  'reports.schema.json',
  'tests.schema.json',
  'qa.schema.json',
  'faq.schema.json',
  'policy-file.schema.json',
];

export type PolicyValidator = (data: unknown, map: SourceMap, fallbackFile: string) => Problem[];

/** Compiles the policy schemas once (all errors: admins want every problem at once). */
export function createPolicyValidator(): PolicyValidator {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const name of policySchemaFiles) ajv.addSchema(readSchema(name));
  const validate: ValidateFunction = ajv.compile(readSchema('policy.schema.json'));
  return (data, map, fallbackFile) => {
    if (validate(data)) return [];
    return toProblems(validate.errors ?? [], map, fallbackFile);
  };
}

/** One readable problem per place: oneOf noise is folded into "a or b". */
function toProblems(errors: ErrorObject[], map: SourceMap, fallbackFile: string): Problem[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const path =
      e.keyword === 'additionalProperties'
        ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`
        : e.instancePath;
    const list = byPath.get(path) ?? [];
    list.push(e);
    byPath.set(path, list);
  }
  // Every proper ancestor of a reported path, so "is there a deeper problem?" is one lookup
  // (comparing each path with every other is quadratic: 60,000 unknown keys took a minute).
  const ancestors = new Set<string>();
  for (const path of byPath.keys()) {
    for (let i = path.lastIndexOf('/'); i >= 0; i = path.lastIndexOf('/', i - 1)) {
      const prefix = path.slice(0, i);
      if (ancestors.has(prefix)) break;
      ancestors.add(prefix);
      if (i === 0) break;
    }
  }
  const problems: Problem[] = [];
  for (const [path, list] of byPath) {
    // A oneOf/anyOf umbrella whose branches reported deeper problems adds nothing.
    const hasDeeper = ancestors.has(path);
    const useful = list.filter(
      (e) => !(['oneOf', 'anyOf', 'if'].includes(e.keyword) && (hasDeeper || list.length > 1)),
    );
    const messages = [...new Set((useful.length ? useful : list).map(describe))];
    const isKey = list.some((e) => e.keyword === 'additionalProperties');
    const pos = locate(map, path, isKey) ?? { file: fallbackFile, line: 1, col: 1 };
    // A malformed duration is the schema's to catch (cross-checks never see it), but it keeps
    // its own code so tools and the hint ("Write durations like 30s, 15m...") match.
    const isDuration = useful.some((e) => e.keyword === 'pattern' && describe(e).startsWith('must be a duration'));
    problems.push({
      file: pos.file,
      line: pos.line,
      col: pos.col,
      code: isDuration ? 'SWB_CONFIG_DURATION' : 'SWB_CONFIG_SCHEMA',
      path: path || '/',
      message: foldAlternatives(messages).join(', or '),
    });
  }
  return problems;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(p.additionalProperty)}": remove it or check its spelling`;
    case 'required':
      return `missing required key "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `must be ${String(p.type)}`;
    case 'pattern':
      return describePattern(String(p.pattern));
    case 'oneOf':
      return 'does not match any allowed form';
    default:
      return e.message ?? e.keyword;
  }
}

function describePattern(pattern: string): string {
  if (pattern.includes('ms|s|m|h|d|w')) {
    return pattern.includes('before')
      ? 'must be a share like "75%" or a time like "15m before"'
      : 'must be a duration like 20s, 15m, 2h or 1d';
  }
  if (pattern.startsWith('^[A-Za-z0-9]'))
    return 'must be an id: letters, digits, "-", "_" and "." (no spaces or slashes)';
  if (pattern.includes('\\d{4}-')) return 'must be a date like 2026-10-01';
  if (pattern.includes('(?:mon|tue'))
    return 'must be a weekday and a local time like "mon 08:00" (mon, tue, wed, thu, fri, sat, sun; 00:00–23:59)';
  if (pattern.includes('2[0-8]) (?:'))
    return 'must be a day of the month from 1 to 28 and a local time like "1 08:00" (00:00–23:59)';
  if (pattern === '^(?:[01]\\d|2[0-3]):[0-5]\\d$') return 'must be a local time like "08:00" (00:00–23:59)';
  if (pattern.includes('\\.\\.'))
    return 'must be a directory relative to the data directory, like "reports" (letters, digits, "_", "-", ".", "/" and spaces; no leading "/" and no "..")';
  if (pattern.includes('[01]')) return 'must be a time span like "09:00-18:00" (24:00 ends the day)';
  return `must match ${pattern}`;
}

/** "duration" or "object" from a oneOf reads better as the one thing an admin can write. */
function foldAlternatives(messages: string[]): string[] {
  const duration = messages.find((m) => m.startsWith('must be a duration'));
  if (duration && messages.includes('must be object')) {
    return [
      `${duration.replace(/^must be a duration like .*$/, 'must be a duration like 2h')}, or durations per channel like { voice: 5m, online: 10m, default: 10m }`,
      ...messages.filter((m) => m !== duration && m !== 'must be object'),
    ];
  }
  return messages;
}
