import { benchCalendar } from './calendar.ts';
import { benchMetrics } from './metrics.ts';
import { benchFaq } from './faq.ts';
import { run as benchDashboards } from './dashboards.ts';
import { benchReplay } from './replay.ts';
import { benchPlugins } from './plugins.ts';
import { run as benchPolicy } from './policy.ts';
import { run as benchIntake } from './intake.ts';
import { benchRules } from './rules.ts';
import { benchRouting } from './routing.ts';
import { run as benchSla } from './sla.ts';
import { benchStoreLowdb } from './store-lowdb.ts';
import { benchTriggers } from './triggers.ts';
import { run as benchSoak } from './soak.ts';
import { benchEmail } from './email.ts';
import { benchColdStart } from './cold-start.ts';

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
  /** Runs only when named with --only (the soak: 10 minutes, or 20 with PostgreSQL). */
  onlyWhenNamed?: boolean;
  run(opts: BenchOptions): Promise<Record<string, unknown>>;
}

export const benches: readonly BenchEntry[] = [
  { name: 'rules', run: benchRules },
  { name: 'calendar', run: benchCalendar },
  { name: 'replay', run: benchReplay },
  { name: 'metrics', run: benchMetrics },
  { name: 'routing', run: benchRouting },
  { name: 'sla', run: benchSla },
  { name: 'dashboards', run: benchDashboards },
  { name: 'plugins', run: benchPlugins },
  { name: 'triggers', run: benchTriggers },
  { name: 'policy', run: benchPolicy },
  { name: 'intake', run: benchIntake },
  { name: 'faq', run: benchFaq },
  { name: 'store-lowdb', run: benchStoreLowdb },
  { name: 'email', run: benchEmail },
  { name: 'coldStart', run: benchColdStart },
  { name: 'soak', run: benchSoak, onlyWhenNamed: true },
];
