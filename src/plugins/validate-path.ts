/**
 * Validation with plugins, for `switchboard validate`: the policy's plugins are set up in a
 * throwaway host (events go nowhere, files go to a temp dir) so rules that use their operators,
 * facts and actions check; plugin problems come back as policy problems.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPolicyLoader, type LoadResult } from '../config/load.ts';
import type { Problem } from '../core/policy/problem.ts';
import { readPolicySources } from '../config/read-sources.ts';
import { isSwitchboardError } from '../core/errors/index.ts';
import { createEventBus } from '../core/events/bus.ts';
import { systemClock } from '../core/util/clock.ts';
import { silentLogger } from '../telemetry/logger.ts';
import { loadPolicyWithPlugins } from './load-policy.ts';
import { createPluginManager } from './manager.ts';

export async function validatePolicyPath(
  path: string,
  opts: { pluginDirs: string[]; version: string },
): Promise<LoadResult> {
  const sources = await readPolicySources(path);
  const loader = createPolicyLoader();
  const dataDir = await mkdtemp(join(tmpdir(), 'swb-validate-'));
  const plugins = createPluginManager({
    loader,
    bus: createEventBus({ clock: systemClock }),
    logger: silentLogger,
    clock: systemClock,
    dataDir,
    version: opts.version,
    tickets: () => undefined,
    pluginDirs: opts.pluginDirs,
  });
  try {
    return await loadPolicyWithPlugins(sources, { loader, plugins, path });
  } catch (err) {
    if (!isSwitchboardError(err) || !err.code.startsWith('SWB_PLUGIN_')) throw err;
    const listed = (err.details as { problems?: Problem[] } | undefined)?.problems;
    return {
      ok: false,
      watch: [],
      problems: listed ?? [{ file: sources[0]?.file ?? path, line: 1, col: 1, code: err.code, message: err.message }],
    };
  } finally {
    await plugins.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
