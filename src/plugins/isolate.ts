/**
 * Isolation: plugin code runs behind a time limit and a catch, so a throwing or hanging plugin
 * costs its own contribution, never a ticket. Time limits are real-time watchdogs (not business
 * time), so they use timers, not the injected Clock.
 */
import type { EventBus } from '../core/events/bus.ts';
import type { Logger } from '../telemetry/logger.ts';

export class PluginTimeout extends Error {}

/**
 * Resolves like `work`, or rejects with PluginTimeout after `ms`. Synchronous work needs no
 * timer (nothing can interrupt it anyway), which keeps plain hooks cheap; the timer never holds
 * the process open.
 */
export function withTimeout<T>(work: () => T | Promise<T>, ms: number, what: string): Promise<T> {
  let result: T | Promise<T>;
  try {
    result = work();
  } catch (err) {
    return Promise.reject(err);
  }
  if (!isThenable(result)) return Promise.resolve(result);
  const pending = result;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PluginTimeout(`${what} did not finish within ${ms} ms`)), ms);
    timer.unref?.();
    Promise.resolve(pending).then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === 'object' || typeof v === 'function') &&
  typeof (v as { then?: unknown }).then === 'function';

/** Logs a plugin failure and publishes `plugin.error`; never throws itself. */
export type ReportError = (plugin: string, where: string, err: unknown, ticketId?: string) => void;

export function createErrorReporter(bus: EventBus, logger: Logger): ReportError {
  return (plugin, where, err, ticketId) => {
    const message = err instanceof Error ? err.message : String(err);
    try {
      logger.error(`plugin "${plugin}" failed in ${where}: ${message}`, {
        plugin,
        where,
        ...(ticketId ? { ticketId } : {}),
      });
      bus.publish({ type: 'plugin.error', data: { plugin, where, message, ...(ticketId ? { ticketId } : {}) } });
    } catch {
      // A failing logger or listener must not turn one plugin error into a lost ticket.
    }
  };
}
