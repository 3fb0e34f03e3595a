import { SwitchboardError } from '../errors/index.ts';
import { checkReportDay } from './day-range.ts';
import { addDays, createDayKeyer, isDay } from './days.ts';
import type { MetricsQuery, TaskMetricsQuery } from './metrics-index.ts';
import { taskDimensionNames } from './task-measures.ts';
import { dimensionNames } from './ticket-measures.ts';
import { fieldDimensionProblem, isFieldDimension } from './field-dimensions.ts';
import type { Policy } from '../policy/types.ts';

const maxDays = 3660;

/**
 * `from`/`to`: local days (YYYY-MM-DD, both included) or ISO instants (their local day);
 * default: the 30 days ending today. `groupBy`: comma-separated dimension names.
 */
export function parseMetricsQuery(
  q: Record<string, unknown>,
  opts: { timezone: string; now: Date; policy?: Pick<Policy, 'fields'> },
): MetricsQuery {
  const fields = opts.policy;
  return parseWindowQuery(q, opts, dimensionNames, (n) =>
    fields && isFieldDimension(n)
      ? fieldDimensionProblem(n, fields)
      : `use any of ${dimensionNames.join(', ')}${fields ? ', or fields.<id> of a declared enum or boolean field' : ''}`,
  );
}

/** The same window for task metrics (GET /api/metrics/tasks): `groupBy` of group, agent, task. */
export function parseTaskMetricsQuery(
  q: Record<string, unknown>,
  opts: { timezone: string; now: Date },
): TaskMetricsQuery {
  return parseWindowQuery(q, opts, taskDimensionNames);
}

function parseWindowQuery<D extends string>(
  q: Record<string, unknown>,
  opts: { timezone: string; now: Date },
  names: readonly D[],
  /** For a name outside `names`: why it cannot be used, or undefined when it can (declared fields). */
  otherName?: (name: string) => string | undefined,
): { from: string; to: string; groupBy: D[] } {
  const dayOf = createDayKeyer(opts.timezone);
  const day = (name: 'from' | 'to', fallback: string) => {
    const v = q[name];
    if (v === undefined || v === '') return fallback;
    if (typeof v !== 'string') throw bad(`?${name} must be given once`, name);
    const ms = isDay(v) ? undefined : Date.parse(v);
    if (ms !== undefined && (Number.isNaN(ms) || !isDay(dayOf(ms))))
      throw bad(`?${name}=${v} is not a day (YYYY-MM-DD) or an ISO-8601 time`, name);
    const d = ms === undefined ? v : dayOf(ms);
    checkReportDay(d, opts.now, name);
    return d;
  };
  const to = day('to', dayOf(opts.now.getTime()));
  const from = day('from', addDays(to, -29));
  if (from > to) throw bad(`?from=${from} is after ?to=${to}; swap them`, 'from');
  if (from < addDays(to, -maxDays))
    throw bad(`the window ${from}..${to} is longer than ${maxDays} days; narrow it`, 'from');
  const raw = q.groupBy;
  const groupBy: D[] = [];
  if (raw !== undefined && raw !== '') {
    const given = (Array.isArray(raw) ? raw.join(',') : String(raw))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const n of given) {
      if (!(names as readonly string[]).includes(n)) {
        const problem = otherName ? otherName(n) : `use any of ${names.join(', ')}`;
        if (problem !== undefined) throw bad(`cannot group by "${n}"; ${problem}`, 'groupBy');
      }
      if (!groupBy.includes(n as D)) groupBy.push(n as D);
    }
  }
  return { from, to, groupBy };
}

function bad(message: string, param: string): SwitchboardError {
  return new SwitchboardError('SWB_METRICS_QUERY', message, { path: `?${param}` });
}
