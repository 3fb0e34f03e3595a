import type { SurveyService } from '../../runtime/csat/survey-service.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPluginManager, type PluginManager } from '../../plugins/index.ts';
import type { TicketService } from '../../runtime/ticket-service.ts';
import type { LateBound } from '../late-bound.ts';
import type { BootContext } from './boot-context.ts';

export const packageVersion = '0.1.0';

/** First-party plugins shipped beside src/ (and dist/). */
export const bundledPluginsDir = fileURLToPath(new URL('../../../plugins', import.meta.url));

/**
 * The plugin manager. Plugins are set up with the policy (its rules may use what they add) and
 * call tickets only from hooks and actions, once the ticket subsystem has bound them.
 */
export function createPlugins(
  ctx: BootContext,
  tickets: LateBound<TicketService>,
  surveys?: LateBound<SurveyService>,
): PluginManager {
  const o = ctx.options.plugins ?? {};
  return createPluginManager({
    loader: ctx.loader,
    bus: ctx.bus,
    logger: ctx.logger,
    clock: ctx.clock,
    dataDir: ctx.dataDir,
    version: packageVersion,
    tickets: tickets.peek,
    ...(surveys ? { surveys: surveys.peek } : {}),
    pluginDirs: o.dirs ?? [join(process.cwd(), 'plugins'), bundledPluginsDir],
    ...(o.hookTimeoutMs !== undefined ? { hookTimeoutMs: o.hookTimeoutMs } : {}),
    ...(o.setupTimeoutMs !== undefined ? { setupTimeoutMs: o.setupTimeoutMs } : {}),
  });
}
