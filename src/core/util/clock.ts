/**
 * Anything that reads the time or waits takes a Clock, so tests move time instead of sleeping.
 * Every time-based step of the runtime (SLA deadlines, the routing and QA ticks) waits on it.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` once, `ms` from now (by this clock); a returned promise is awaited by the manual clock. */
  setTimer(fn: () => unknown, ms: number): TimerHandle;
  /** Cancels a timer that has not fired yet; a handle that fired or was cleared is ignored. */
  clearTimer(handle: TimerHandle): void;
}

declare const timerHandle: unique symbol;
/** What setTimer returns: only its clock's clearTimer understands it. */
export type TimerHandle = { readonly [timerHandle]: true };

// setTimeout holds at most 2^31-1 ms; a longer wait is chained in pieces of that size.
const longestTimeout = 2_147_483_647;

interface SystemTimer {
  timeout: ReturnType<typeof setTimeout> | undefined;
}

/** The wall clock. Its timers do not keep the process alive (a server's sockets do). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const timer: SystemTimer = { timeout: undefined };
    const at = Date.now() + Math.max(0, ms);
    const wait = () => {
      const left = at - Date.now();
      timer.timeout = setTimeout(
        () => {
          if (at - Date.now() > 0) return wait();
          timer.timeout = undefined;
          fn();
        },
        Math.min(Math.max(0, left), longestTimeout),
      );
      (timer.timeout as { unref?: () => void }).unref?.();
    };
    wait();
    return timer as unknown as TimerHandle;
  },
  clearTimer(handle) {
    const timer = handle as unknown as SystemTimer;
    if (timer.timeout !== undefined) clearTimeout(timer.timeout);
    timer.timeout = undefined;
  },
};

/** A clock for tests and simulations: time moves only when told to. */
export interface ManualClock extends Clock {
  /** Jumps to an instant without firing timers (those due fire at the next advance). */
  set(at: Date | string): void;
  /**
   * Moves time forward by `ms`, firing every timer due on the way in due order (ties in the
   * order they were set), each at its own instant, and awaiting what it returns; timers set by
   * those callbacks fire too when they fall within the window. Resolves at the new instant
   * once the last callback settled.
   */
  advance(ms: number): Promise<Date>;
  /** How many timers wait to fire. */
  readonly pending: number;
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => unknown;
}

// One turn of the host's event loop, so work a callback started without awaiting it runs too.
const turn = () =>
  new Promise<void>((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : void setTimeout(resolve, 0),
  );

export function createManualClock(start: Date | string = '2026-01-05T09:00:00Z'): ManualClock {
  let current = new Date(start).getTime();
  let seq = 0;
  const timers = new Set<ManualTimer>();
  const nextDue = (until: number): ManualTimer | undefined => {
    let next: ManualTimer | undefined;
    for (const t of timers) {
      if (t.at > until) continue;
      if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    }
    return next;
  };
  return {
    now: () => new Date(current),
    setTimer(fn, ms) {
      const timer: ManualTimer = { at: current + Math.max(0, ms), seq: seq++, fn };
      timers.add(timer);
      return timer as unknown as TimerHandle;
    },
    clearTimer(handle) {
      timers.delete(handle as unknown as ManualTimer);
    },
    get pending() {
      return timers.size;
    },
    set(at) {
      current = new Date(at).getTime();
    },
    async advance(ms) {
      const target = current + Math.max(0, ms);
      for (let t = nextDue(target); t; t = nextDue(target)) {
        timers.delete(t);
        current = Math.max(current, t.at);
        await t.fn();
        await turn();
      }
      current = Math.max(current, target);
      return new Date(current);
    },
  };
}
