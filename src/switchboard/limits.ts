import { SwitchboardError } from '../core/errors/index.ts';
import { defaultTicketLimits, type TicketLimits } from '../core/tickets/ticket-limits.ts';

/**
 * Every bound that keeps one client from taking the runtime down, in one place. Rates are per
 * minute; 0 turns a rate limit off (embedders with their own gateway, load tests).
 */
export interface Limits {
  readonly ticket: TicketLimits;
  readonly survey: {
    /** Answers one link takes: the first and its corrections. */
    readonly answersPerLink: number;
    /** How long after the first answer a link may still change it. */
    readonly updateWindowMs: number;
    /** Requests to /survey/* per address per minute. */
    readonly requestsPerMinute: number;
  };
  readonly auth: {
    /** Answers of 401 per address per minute before the address is refused with 429. */
    readonly failuresPerMinute: number;
  };
  readonly socket: {
    /** Messages one connection may send per minute; beyond, each is refused. */
    readonly messagesPerMinute: number;
    /** Past this many in a minute the connection is closed. */
    readonly disconnectAfter: number;
  };
  readonly events: {
    /** Events kept for `sinceSeq` replay, by count and by approximate size. */
    readonly ringEvents: number;
    readonly ringBytes: number;
  };
}

export type LimitsOptions = { [K in keyof Limits]?: Partial<Limits[K]> };

export const defaultLimits: Limits = {
  ticket: defaultTicketLimits,
  survey: { answersPerLink: 3, updateWindowMs: 24 * 3_600_000, requestsPerMinute: 60 },
  auth: { failuresPerMinute: 100 },
  socket: { messagesPerMinute: 60, disconnectAfter: 120 },
  events: { ringEvents: 5000, ringBytes: 64 * 1024 * 1024 },
};

/** Whole numbers ≥ 1 everywhere, except rates, where 0 means "no limit". */
const mayBeOff = new Set(['survey.requestsPerMinute', 'auth.failuresPerMinute', 'socket.messagesPerMinute']);

/** The defaults with the given values over them, checked and frozen. */
export function resolveLimits(given: LimitsOptions = {}): Limits {
  const out: Record<string, Record<string, number>> = {};
  for (const [section, defaults] of Object.entries(defaultLimits) as [keyof Limits, Record<string, number>][]) {
    const values = (given[section] ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(values))
      if (!(key in defaults))
        throw new SwitchboardError(
          'SWB_CONFIG_SCHEMA',
          `limits.${section}.${key} is not a limit; use ${Object.keys(defaults).join(', ')}`,
          { path: `limits.${section}.${key}` },
        );
    const merged = { ...defaults, ...values } as Record<string, unknown>;
    for (const [key, v] of Object.entries(merged)) {
      const min = mayBeOff.has(`${section}.${key}`) ? 0 : 1;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
        throw new SwitchboardError(
          'SWB_CONFIG_SCHEMA',
          `limits.${section}.${key} must be a whole number ≥ ${min}, got ${JSON.stringify(v)}`,
          { path: `limits.${section}.${key}` },
        );
    }
    out[section] = Object.freeze(merged as Record<string, number>);
  }
  const limits = out as unknown as Limits;
  if (limits.socket.disconnectAfter < limits.socket.messagesPerMinute && limits.socket.messagesPerMinute > 0)
    throw new SwitchboardError(
      'SWB_CONFIG_SCHEMA',
      'limits.socket.disconnectAfter must be at least limits.socket.messagesPerMinute',
      { path: 'limits.socket.disconnectAfter' },
    );
  return Object.freeze(limits);
}
