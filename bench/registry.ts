import { benchCalendar } from './calendar.ts';
import { benchReplay } from './replay.ts';
import { benchRules } from './rules.ts';
import { benchRouting } from './routing.ts';

export interface BenchOptions {
  /** A fast smoke run: smaller samples, shorter timings. */
  quick?: boolean;
}

/**
 * Every benchmark `npm run bench` runs. Each returns an object whose keys (e.g. `rules`) are
 * merged into the runner's one result object, so keys must not collide between entries.
 */
export interface BenchEntry {
  name: string;
  run(opts: BenchOptions): Promise<Record<string, unknown>>;
}

export const benches: readonly BenchEntry[] = [
  { name: 'rules', run: benchRules },
  { name: 'calendar', run: benchCalendar },
  { name: 'replay', run: benchReplay },
  { name: 'routing', run: benchRouting },
];
