import type { EventBus } from '../../core/events/bus.ts';
import type { Problem } from '../../core/policy/problem.ts';
import type { Store } from '../../store/types.ts';
import type { Logger } from '../../telemetry/logger.ts';

/** One refused policy change: when, and the errors that refused it (warnings left out). */
export interface Refusal {
  at: string;
  problems: Pick<Problem, 'file' | 'line' | 'col' | 'code' | 'message'>[];
}

export const refusalsKey = 'dashboard:refusals';
/** Refusals kept (the newest), and errors kept per refusal. */
const keep = 20;
const keepProblems = 50;

export interface RefusalLog {
  /** The kept refusals, newest first. */
  list(): readonly Refusal[];
  /** Stops following the bus; resolves once the last refusal is written. */
  close(): Promise<void>;
}

/**
 * The policy changes the runtime refused (`config.rejected`: a reload of an edited policy that
 * does not validate, or that drops ids open tickets use), newest first, kept in the store's meta
 * so supervisors see them after a reload of the page or a restart of the server.
 */
export async function createRefusalLog(deps: {
  bus: EventBus;
  store: Pick<Store, 'getMeta' | 'setMeta'>;
  logger: Logger;
}): Promise<RefusalLog> {
  let items: Refusal[] = (await deps.store.getMeta<Refusal[]>(refusalsKey)) ?? [];
  let writing: Promise<void> = Promise.resolve();
  const unsubscribe = deps.bus.subscribe('config.rejected', (e) => {
    const problems = e.problems
      .filter((p) => p.severity !== 'warning')
      .slice(0, keepProblems)
      .map(({ file, line, col, code, message }) => ({ file, line, col, code, message }));
    items = [{ at: e.at, problems }, ...items].slice(0, keep);
    const kept = items;
    writing = writing
      .then(() => deps.store.setMeta(refusalsKey, kept))
      .catch((err) => deps.logger.warn('refused policy change not kept', { error: String(err) }));
  });
  return {
    list: () => items,
    close() {
      unsubscribe();
      return writing;
    },
  };
}
