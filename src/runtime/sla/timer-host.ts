/** How the SLA runner waits: one pending wake-up at a time. Tests pass `manualTimers` and call runDue(). */
export interface TimerHost {
  wake(delayMs: number, fn: () => void): () => void;
}

export const realTimers: TimerHost = {
  wake(delayMs, fn) {
    // setTimeout holds at most 2^31-1 ms; a longer wait simply wakes early and re-arms.
    const handle = setTimeout(fn, Math.min(Math.max(0, delayMs), 2_147_483_647));
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

/** No wake-ups: time moves only when the test calls runDue(). */
export const manualTimers: TimerHost = { wake: () => () => {} };
