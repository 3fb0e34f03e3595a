import { join } from 'node:path';
import { bundledPluginsDir, packageVersion } from '../switchboard/create-switchboard.ts';
import { formatProblem } from '../core/policy/problem.ts';
import { presetPath } from '../runtime/presets.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { validatePolicyPath } from '../plugins/validate-path.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';

/** `switchboard validate <file-or-dir> [--json]`: 0 when valid, else 1 with every problem. */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: 'boolean' }, preset: { type: 'string' } },
    'validate',
  );
  const target = values.preset ? presetPath(values.preset) : positionals[0];
  if (!target)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'validate: name a policy directory or YAML file, e.g. `switchboard validate configs/presets/base`',
    );
  const result = await validatePolicyPath(target, {
    pluginDirs: [join(process.cwd(), 'plugins'), bundledPluginsDir],
    version: packageVersion,
  });
  if (values.json) {
    io.out(
      JSON.stringify({
        ok: result.ok,
        version: result.ok ? result.policy.version : undefined,
        problems: result.problems,
      }),
    );
  } else {
    for (const p of result.problems) io.out(formatProblem(p));
    const errors = result.problems.filter((p) => p.severity !== 'warning').length;
    if (result.ok)
      io.err(
        `${target}: valid (version ${result.policy.version}${result.problems.length ? `, ${result.problems.length} warning(s)` : ''})`,
      );
    else io.err(`${target}: ${errors} problem(s)`);
  }
  return result.ok ? 0 : 1;
}
