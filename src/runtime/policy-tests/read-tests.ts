import type { TicketPatch } from '../../core/operations/change-fields.ts';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parseYamlFile } from '../../config/parse-file.ts';
import type { Problem } from '../../core/policy/problem.ts';
import { displayName, isPolicyTestFile } from '../../config/read-sources.ts';
import { locate, type SourceMap } from '../../config/source-map.ts';
import type { TicketInput } from '../../core/model/ticket.ts';

/** One policy test as written: a ticket (and arrival time) and what the policy must decide. */
export interface PolicyTest {
  name: string;
  at?: string;
  ticket: TicketInput;
  /** A change after intake (as PATCH /api/tickets/:id takes it), then the triggers it runs. */
  then?: TicketPatch;
  /** What happens next, in order: time passing (deadlines fire), replies, status changes, patches. */
  steps?: PolicyTestStep[];
  expect: {
    category?: string;
    priority?: string;
    group?: string;
    assignee?: string | null;
    collaborators?: string[];
    lead?: string;
    sla?: { policy?: string; firstResponse?: string; resolution?: string; periodicUpdate?: string };
    scripts?: Record<string, string | string[]>;
    /** Triggers that fired, in order, over intake and `then`. */
    triggers?: string[];
    tags?: string[];
    /** Ids of the ticket's tasks. */
    tasks?: string[];
    status?: string;
    /** Everyone a breach ladder or automation notified, in order (ticket.escalated recipients). */
    notified?: string[];
  };
}

/** One step after intake; exactly one key. */
export type PolicyTestStep =
  | { wait: string }
  | { status: string }
  | { reply: 'agent' | 'customer'; internal?: boolean }
  | { patch: TicketPatch };

export interface LocatedTest {
  test: PolicyTest;
  file: string;
  line: number;
}

// ajv-formats ships CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => void;
const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/tests.schema.json', import.meta.url), 'utf8'),
) as object;

/**
 * Tests of a policy: every `*.test.yaml` beside it (a `tests:` list, or a bare list), plus the
 * policy's own `tests:` key. Malformed test files are problems with positions, like policy files.
 */
export function readPolicyTests(
  policyPath: string,
  inline: unknown,
  inlineFile: string,
): { tests: LocatedTest[]; problems: Problem[] } {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const tests: LocatedTest[] = [];
  const problems: Problem[] = [];
  const take = (data: unknown, map: SourceMap | undefined, file: string, base: string) => {
    const list = Array.isArray(data) ? data : (data as { tests?: unknown } | null)?.tests;
    if (!validate({ tests: list ?? [] })) {
      for (const e of validate.errors ?? []) {
        const ptr = `${base}${e.instancePath.replace(/^\/tests/, '')}`;
        const pos = (map && locate(map, ptr)) ?? { line: 1, col: 1 };
        problems.push({
          file,
          line: pos.line,
          col: pos.col,
          code: 'SWB_POLICY_TEST_FAILED',
          message: `test file: ${e.instancePath || '/'} ${e.message ?? e.keyword}`,
          path: ptr,
        });
      }
      return;
    }
    ((list as PolicyTest[] | undefined) ?? []).forEach((test, i) => {
      tests.push({ test, file, line: (map && locate(map, `${base}/${i}`)?.line) ?? 1 });
    });
  };
  const dir = statSync(policyPath).isDirectory() ? policyPath : undefined;
  if (inline !== undefined) take(inline, undefined, inlineFile, '/tests');
  for (const name of dir ? readdirSync(dir).filter(isPolicyTestFile).sort() : []) {
    const file = displayName(join(dir as string, name));
    const parsed = parseYamlFile(file, readFileSync(join(dir as string, name), 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity !== 'warning')) continue;
    take(parsed.data, parsed.map, file, Array.isArray(parsed.data) ? '' : '/tests');
  }
  return { tests, problems };
}
