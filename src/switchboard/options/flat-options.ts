import type { FlatSwitchboardOptions, SwitchboardOptions } from './types.ts';

/** Each flat option of version 0.1 and its place in the nested options. */
export const flatOptionPaths = {
  config: ['policy', 'path'],
  preset: ['policy', 'preset'],
  sources: ['policy', 'sources'],
  watch: ['policy', 'watch'],
  databaseUrl: ['postgres', 'url'],
  databaseSchema: ['postgres', 'schema'],
  archiveClosedAfterDays: ['lowdb', 'archiveClosedAfterDays'],
  slaPollMs: ['sla', 'pollMs'],
  slaLeaseMs: ['sla', 'leaseMs'],
  pluginDirs: ['plugins', 'dirs'],
  pluginHookTimeoutMs: ['plugins', 'hookTimeoutMs'],
  pluginSetupTimeoutMs: ['plugins', 'setupTimeoutMs'],
  qaTickMs: ['qa', 'tickMs'],
  reportsTickMs: ['reports', 'tickMs'],
  onSurveyLink: ['csat', 'onSurveyLink'],
} as const satisfies Record<string, readonly [string, string]>;

/**
 * Moves flat options to their nested place and says so once per option through `warn`. A
 * `plugins` array is the flat form of `plugins.embedded`. Nested options given as well win.
 */
export function nestFlatOptions(
  given: SwitchboardOptions | FlatSwitchboardOptions,
  warn: (message: string) => void,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...given };
  const moved: string[] = [];
  const put = (flat: string, [group, key]: readonly [string, string]) => {
    const value = out[flat];
    delete out[flat];
    if (value === undefined) return;
    const current = out[group];
    const section = current && typeof current === 'object' && !Array.isArray(current) ? current : {};
    out[group] = { [key]: value, ...section };
    moved.push(`${flat} → ${group}.${key}`);
  };
  if (Array.isArray(out.plugins)) {
    const embedded = out.plugins;
    delete out.plugins;
    out.plugins = { embedded };
    moved.push('plugins (an array) → plugins.embedded');
  }
  for (const [flat, path] of Object.entries(flatOptionPaths)) if (flat in out) put(flat, path);
  if (moved.length)
    warn(
      `createSwitchboard: flat options are deprecated and will be removed in the next minor version; use ${moved.join(', ')}`,
    );
  return out;
}
