import { createRateWindow, type RateWindow } from '../../core/util/rate-window.ts';
import type { BootContext } from './boot-context.ts';

export interface RateWindows {
  /** Requests to /survey/* per address. */
  survey?: RateWindow;
  /** Answers of 401 per address (HTTP and socket handshakes alike). */
  authFailures?: RateWindow;
}

/** Per-address windows on the clock, shared by every router and socket namespace of this instance. */
export function openRateWindows(ctx: BootContext): RateWindows {
  const { survey, auth } = ctx.limits;
  const minute = (limit: number) => createRateWindow({ limit, windowMs: 60_000, clock: ctx.clock });
  return {
    ...(survey.requestsPerMinute > 0 ? { survey: minute(survey.requestsPerMinute) } : {}),
    ...(auth.failuresPerMinute > 0 ? { authFailures: minute(auth.failuresPerMinute) } : {}),
  };
}
