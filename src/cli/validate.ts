import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundledPluginsDir, packageVersion } from '../switchboard/create-switchboard.ts';
import { formatProblem } from '../core/policy/problem.ts';
import { presetPath } from '../runtime/presets.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { validatePolicyPath } from '../plugins/validate-path.ts';
import { parseCommandArgs } from './args.ts';
import { describeMoves, findPolicyUse, type PolicyUse, policyUseProblems } from '../core/policy/policy-use.ts';
import type { Policy } from '../core/policy/types.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import type { CliIo } from './io.ts';

/**
 * `switchboard validate <file-or-dir> [--json] [--data DIR]`: 0 when valid, else 1 with every
 * problem. With `--data` the policy is also checked against the open tickets stored there: ids
 * they use that it drops are SWB_POLICY_IN_USE, and what its `migrate:` would move is listed.
 */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' }, preset: { type: 'string' }, data: { type: 'string' } },
    'validate',
  );
  const target = values.preset ? presetPath(values.preset) : positionals[0];
  if (!target)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'validate: name a policy directory or YAML file, e.g. `switchboard validate configs/presets/base`',
    );
  let result = await validatePolicyPath(target, {
    pluginDirs: [join(process.cwd(), 'plugins'), bundledPluginsDir],
    version: packageVersion,
  });
  let moves: string[] = [];
  if (result.ok && values.data !== undefined) {
    const uses = await openTicketUses(values.data, result.policy);
    const located = policyUseProblems(uses).map((p) => ({
      ...(result.ok && result.locate ? result.locate(p.path) : { file: target, line: 1, col: 1 }),
      ...p,
    }));
    moves = describeMoves(uses);
    if (located.length) result = { ok: false, problems: [...result.problems, ...located], watch: result.watch };
  }
  if (values.json) {
    io.out(
      JSON.stringify({
        ok: result.ok,
        version: result.ok ? result.policy.version : undefined,
        problems: result.problems,
        ...(values.data !== undefined ? { moves } : {}),
      }),
    );
  } else {
    for (const p of result.problems) io.out(formatProblem(p));
    for (const m of moves) io.out(`migrate: ${m}`);
    const errors = result.problems.filter((p) => p.severity !== 'warning').length;
    if (result.ok)
      io.err(
        `${target}: valid (version ${result.policy.version}${result.problems.length ? `, ${result.problems.length} warning(s)` : ''})`,
      );
    else io.err(`${target}: ${errors} problem(s)`);
  }
  return result.ok ? 0 : 1;
}

/** The ids the open tickets in a data directory use that `policy` does not define. */
async function openTicketUses(dir: string, policy: Policy): Promise<PolicyUse[]> {
  if (!existsSync(dir))
    throw new SwitchboardError('SWB_CLI_USAGE', `validate --data: no data directory ${dir}; name the server's --data`, {
      path: '--data',
    });
  const store = createLowdbStore({ dir });
  try {
    await store.open();
  } catch (err) {
    if (err instanceof SwitchboardError && err.code === 'SWB_STORE_LOCKED')
      throw new SwitchboardError(
        'SWB_STORE_LOCKED',
        `validate --data: ${dir} is in use by a running server; check the candidate against it with POST /api/policy/validate (its answer lists the same problems and moves)`,
        { path: '--data' },
      );
    throw err;
  }
  try {
    return findPolicyUse(policy, await store.openTickets());
  } finally {
    await store.close();
  }
}
