import type { Policy } from '../../core/policy/types.ts';
import { createQaService, type QaService } from '../../runtime/qa/qa-service.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/** Quality review, and its daily step: samples each completed day (by the injected clock) once. */
export async function openQa(ctx: BootContext, deps: { store: Store; policy: () => Policy }): Promise<QaService> {
  const qa = createQaService({ store: deps.store, clock: ctx.clock, bus: ctx.bus, policy: deps.policy });
  const tick = () => qa.tick().catch((err: unknown) => ctx.logger.error('QA sampling failed', { error: String(err) }));
  const every = ctx.options.qa?.tickMs ?? 600_000;
  if (every > 0) {
    await tick();
    const timer = setInterval(() => void tick(), every);
    timer.unref();
    ctx.life.onClose(() => clearInterval(timer));
  }
  return qa;
}
