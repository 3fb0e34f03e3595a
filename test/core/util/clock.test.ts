import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/core/util/clock.ts';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('manual clock', () => {
  it('fires what falls due within advance(), in due order, ties in the order set, each at its own instant', async () => {
    const clock = createManualClock('2026-01-05T09:00:00Z');
    const fired: string[] = [];
    const at = (name: string) => () => fired.push(`${name}@${clock.now().toISOString().slice(11, 19)}`);
    clock.setTimer(at('c'), 3000);
    clock.setTimer(at('a'), 1000);
    clock.setTimer(at('b1'), 2000);
    clock.setTimer(at('b2'), 2000);
    clock.setTimer(at('late'), 10_000);
    expect(await clock.advance(5000)).toEqual(new Date('2026-01-05T09:00:05Z'));
    expect(fired).toEqual(['a@09:00:01', 'b1@09:00:02', 'b2@09:00:02', 'c@09:00:03']);
    expect(clock.pending).toBe(1);
    await clock.advance(5000);
    expect(fired.at(-1)).toBe('late@09:00:10');
    expect(clock.pending).toBe(0);
  });

  it('fires timers that callbacks set within the window, not those beyond it', async () => {
    const clock = createManualClock('2026-01-05T09:00:00Z');
    const ticks: number[] = [];
    const tick = () => {
      ticks.push(clock.now().getTime());
      clock.setTimer(tick, 15_000);
    };
    clock.setTimer(tick, 15_000);
    await clock.advance(60_000);
    const start = Date.parse('2026-01-05T09:00:00Z');
    expect(ticks.map((t) => (t - start) / 1000)).toEqual([15, 30, 45, 60]);
    expect(clock.pending).toBe(1);
  });

  it('awaits what a callback returns before firing the next or resolving', async () => {
    const clock = createManualClock('2026-01-05T09:00:00Z');
    const log: string[] = [];
    clock.setTimer(async () => {
      await settle();
      await settle();
      log.push('first done');
    }, 1000);
    clock.setTimer(() => log.push('second'), 1000);
    await clock.advance(1000);
    expect(log).toEqual(['first done', 'second']);
  });

  it('clearTimer cancels; set() jumps without firing, and the due timers fire on the next advance', async () => {
    const clock = createManualClock('2026-01-05T09:00:00Z');
    const fired: string[] = [];
    const gone = clock.setTimer(() => fired.push('gone'), 1000);
    clock.setTimer(() => fired.push(`kept@${clock.now().toISOString()}`), 2000);
    clock.clearTimer(gone);
    clock.clearTimer(gone);
    clock.set('2026-01-05T10:00:00Z');
    expect(fired).toEqual([]);
    await clock.advance(0);
    expect(fired).toEqual(['kept@2026-01-05T10:00:00.000Z']);
  });
});
