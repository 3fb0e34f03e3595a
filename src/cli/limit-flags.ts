import { SwitchboardError } from '../core/errors/index.ts';
import { defaultLimits, resolveLimits, type LimitsOptions } from '../switchboard/limits.ts';

const known = () =>
  Object.entries(defaultLimits)
    .flatMap(([section, values]) => Object.keys(values).map((key) => `${section}.${key}`))
    .join(', ');

/**
 * `--limit section.key=N`, repeatable (`--limit auth.failuresPerMinute=0 --limit ticket.maxReplies=500`):
 * the server's limits over their defaults, checked here so a typo stops the start with the list
 * of limits instead of being ignored.
 */
export function parseLimitFlags(flags: string[]): LimitsOptions | undefined {
  if (flags.length === 0) return undefined;
  const out: Record<string, Record<string, number>> = {};
  for (const flag of flags) {
    const m = /^([A-Za-z]+)\.([A-Za-z]+)=(.*)$/.exec(flag);
    if (!m)
      throw new SwitchboardError(
        'SWB_CLI_USAGE',
        `serve: --limit takes section.key=N (e.g. --limit auth.failuresPerMinute=0), got "${flag}"`,
      );
    const [, section, key, text] = m as unknown as [string, string, string, string];
    if (!(section in defaultLimits) || !(key in (defaultLimits as unknown as Record<string, object>)[section]!))
      throw new SwitchboardError(
        'SWB_CLI_USAGE',
        `serve: --limit ${section}.${key} is not a limit; use one of ${known()}`,
      );
    const value = Number(text);
    if (text.trim() === '' || !Number.isSafeInteger(value))
      throw new SwitchboardError(
        'SWB_CLI_USAGE',
        `serve: --limit ${section}.${key} needs a whole number, got "${text}"`,
      );
    (out[section] ??= {})[key] = value;
  }
  try {
    resolveLimits(out as LimitsOptions);
  } catch (e) {
    throw new SwitchboardError('SWB_CLI_USAGE', `serve: --limit: ${(e as Error).message}`);
  }
  return out as LimitsOptions;
}
