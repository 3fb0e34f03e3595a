import type { Policy } from '../../core/policy/types.ts';
import { createQaService, type QaService } from '../../runtime/qa/qa-service.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/** Quality review; its daily step (sampling each completed day once) runs once at start, then on the clock's ticks. */
export async function openQa(ctx: BootContext, deps: { store: Store; policy: () => Policy }): Promise<QaService> {
  const qa = createQaService({ store: deps.store, clock: ctx.clock, bus: ctx.bus, policy: deps.policy });
  if ((ctx.options.qa?.tickMs ?? 600_000) > 0)
    await qa.tick().catch((err: unknown) => ctx.logger.error('QA sampling failed', { error: String(err) }));
  return qa;
}
