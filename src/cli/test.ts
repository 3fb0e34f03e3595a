import { readPolicyTests } from '../runtime/policy-tests/read-tests.ts';
import { runPolicyTests, type TestResult } from '../runtime/policy-tests/run-tests.ts';
import { createPolicyLoader } from '../config/load.ts';
import { formatProblem } from '../core/policy/problem.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { policyTarget } from './policy-target.ts';

/** `switchboard test <DIR> [--json]`: runs the policy's tests; 0 when all pass, else 1. */
export async function testCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' }, preset: { type: 'string' } },
    'test',
  );
  const target = policyTarget('test', values, positionals);
  const loaded = await createPolicyLoader().fromPath(target);
  if (!loaded.ok) {
    if (values.json) io.out(JSON.stringify({ ok: false, problems: loaded.problems, results: [] }));
    else for (const p of loaded.problems) io.out(formatProblem(p));
    io.err(`${target}: the policy does not load; fix it before testing`);
    return 1;
  }
  const policy = loaded.policy;
  const { tests, problems } = readPolicyTests(target, policy.doc.tests, policy.sources.at(-1) ?? target);
  const results = await runPolicyTests(policy, tests);
  const failed = results.filter((r) => !r.ok);
  const ok = failed.length === 0 && problems.length === 0;
  if (values.json) {
    io.out(
      JSON.stringify({
        ok,
        version: policy.version,
        passed: results.length - failed.length,
        failed: failed.length,
        problems,
        results,
      }),
    );
    return ok ? 0 : 1;
  }
  for (const p of problems) io.out(formatProblem(p));
  for (const r of results) io.out(formatResult(r));
  io.err(
    `${target}: ${results.length - failed.length} passed, ${failed.length} failed${problems.length ? `, ${problems.length} test file problem(s)` : ''}${tests.length === 0 ? ' (no tests: add *.test.yaml beside the policy)' : ''}`,
  );
  return ok ? 0 : 1;
}

/** `✓ name` or `✗ file:line name` plus one `- expected / + actual` pair per field. */
export function formatResult(r: TestResult): string {
  if (r.ok) return `✓ ${r.name}`;
  const lines = [`✗ ${r.file}:${r.line} ${r.name}`];
  if (r.error) lines.push(`    error: ${r.error}`);
  for (const m of r.mismatches) {
    lines.push(`    ${m.field}:`, `      - expected ${show(m.expected)}`, `      + actual   ${show(m.actual)}`);
  }
  return lines.join('\n');
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
