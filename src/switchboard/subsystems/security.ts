import type { RateWindow } from '../../core/util/rate-window.ts';
import { join } from 'node:path';
import type { Policy } from '../../core/policy/types.ts';
import type { Store } from '../../store/types.ts';
import { openSecurity, type Security } from '../security.ts';
import type { BootContext } from './boot-context.ts';

/**
 * Tokens, audit and the Prometheus registry, next to the tickets (with the host's store and no
 * dataDir, in memory). Without a `security` option the host owns authentication (it mounts the
 * router inside its own app); `switchboard serve` always passes one, so the standalone server
 * is secure by default.
 */
export async function openSecurityFor(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy; authFailures?: RateWindow | undefined },
): Promise<Security> {
  const o = ctx.options;
  if (!o.security)
    ctx.logger.warn(
      'Switchboard is embedded without its own auth (no `security` option): protect the mount path, or pass security: {} to use Switchboard tokens',
    );
  const security = await openSecurity({
    ...(o.security ?? { auth: false }),
    dataDir: o.dataDir ?? (o.store ? undefined : join(process.cwd(), 'data')),
    clock: ctx.clock,
    ids: ctx.ids,
    logger: ctx.logger,
    store: deps.store,
    shared: deps.store.cluster,
    bus: ctx.bus,
    policy: deps.policy,
    ...(deps.authFailures ? { authFailures: deps.authFailures } : {}),
  });
  ctx.life.onClose(() => security.close());
  return security;
}
