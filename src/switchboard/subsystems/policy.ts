import { invalidPolicy } from '../../config/invalid-policy.ts';
import { readPolicySources } from '../../config/read-sources.ts';
import { formatProblem } from '../../core/policy/problem.ts';
import { loadPolicyWithPlugins, type PluginManager } from '../../plugins/index.ts';
import { createPolicyHolder, type PolicyHolder } from '../../runtime/policy-holder.ts';
import { defaultPreset, presetPath } from '../../runtime/presets.ts';
import type { BootContext } from './boot-context.ts';
import { SwitchboardError } from '../../core/errors/index.ts';
import { createPolicyMigration } from '../../runtime/policy-migration.ts';
import type { TicketService } from '../../runtime/ticket-service.ts';
import type { Store } from '../../store/types.ts';

/**
 * Reads the policy (path, sources or preset), sets the plugins up, validates and compiles it,
 * and holds it for atomic swaps; throws SWB_CONFIG_INVALID with every problem at once.
 */
export async function openPolicy(ctx: BootContext, plugins: PluginManager): Promise<PolicyHolder> {
  const o = ctx.options.policy ?? {};
  const path = o.sources ? undefined : (o.path ?? presetPath(o.preset ?? defaultPreset));
  const sources = o.sources ?? (await readPolicySources(path as string));
  const result = await loadPolicyWithPlugins(sources, {
    loader: ctx.loader,
    plugins,
    embedded: ctx.options.plugins?.embedded ?? [],
    ...(path !== undefined ? { path } : {}),
  });
  if (!result.ok) throw invalidPolicy(result.problems);
  for (const p of result.problems) ctx.logger.warn(formatProblem(p));
  const holder = createPolicyHolder({
    loader: ctx.loader,
    initial: result,
    ...(path !== undefined ? { path } : {}),
    bus: ctx.bus,
    logger: ctx.logger,
    // Plugins are set up once: a reload that changes them is rejected until a restart.
    check: (files) => plugins.reloadProblems(files),
  });
  ctx.life.onClose(() => holder.close());
  return holder;
}

/** Hot reload, once everything that follows `config.applied` listens. */
export async function watchPolicy(ctx: BootContext, holder: PolicyHolder): Promise<void> {
  const watch = ctx.options.policy?.watch;
  if (watch) await holder.watch(typeof watch === 'object' ? watch : {});
}

/**
 * The live policy against the stored open tickets: a start on a policy that drops an id they
 * use is refused with SWB_POLICY_IN_USE (every use, located), unless its `migrate:` maps it,
 * then they move now; reloads are held to the same rule from here on.
 */
export async function guardPolicy(
  ctx: BootContext,
  holder: PolicyHolder,
  deps: { store: Store; service: TicketService },
): Promise<void> {
  const migration = createPolicyMigration({
    store: deps.store,
    apply: deps.service.apply,
    policy: holder.current,
    logger: ctx.logger,
  });
  const check = await holder.guardSwaps(migration);
  if (!check.ok)
    throw new SwitchboardError(
      'SWB_POLICY_IN_USE',
      `the policy drops ids open tickets still use:\n${check.problems.map(formatProblem).join('\n')}`,
      { problems: check.problems },
    );
  for (const line of check.moves ?? []) ctx.logger.info(`policy migrate: ${line}`);
}
