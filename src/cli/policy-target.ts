import { presetPath } from '../runtime/presets.ts';
import { SwitchboardError } from '../core/errors/index.ts';

/** `<DIR|FILE>`, `--config DIR` or `--preset NAME`: the policy a command works on. */
export function policyTarget(
  command: string,
  values: { preset?: string | undefined; config?: string | undefined },
  positionals: string[],
): string {
  const target = values.preset ? presetPath(values.preset) : (values.config ?? positionals[0]);
  if (!target)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `${command}: name a policy directory or YAML file (or --preset NAME), e.g. \`switchboard ${command} configs/presets/base\``,
    );
  return target;
}
