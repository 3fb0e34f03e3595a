import type { Clock, TimerHandle } from '../core/util/clock.ts';
import type { Logger } from '../telemetry/logger.ts';

/** A step the runtime repeats on its clock (the routing and QA ticks). */
export interface RepeatedStep {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface ClockTicks {
  /** Stops every step; resolves once a run in progress ended. */
  stop(): Promise<void>;
}

/**
 * Runs each step every `everyMs` on the clock, the next run counted from the end of the last so
 * runs never overlap. A failed run is logged and the step goes on. The timer callback returns
 * the run, so a manual clock's advance() resolves with the runtime settled.
 */
export function startClockTicks(clock: Clock, logger: Logger, steps: readonly RepeatedStep[]): ClockTicks {
  const timers = new Map<RepeatedStep, TimerHandle>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  const arm = (step: RepeatedStep) => {
    timers.set(
      step,
      clock.setTimer(async () => {
        timers.delete(step);
        const run = step.run().then(
          () => undefined,
          (err: unknown) => logger.error(`${step.name} failed`, { error: String(err) }),
        );
        running.add(run);
        await run;
        running.delete(run);
        if (!stopped) arm(step);
      }, step.everyMs),
    );
  };
  for (const step of steps) if (step.everyMs > 0) arm(step);
  return {
    async stop() {
      stopped = true;
      for (const handle of timers.values()) clock.clearTimer(handle);
      timers.clear();
      await Promise.all(running);
    },
  };
}

/** How often the routing tick runs: overflow, skills timeout and absences take effect within this. */
export const routingTickMs = 15_000;
