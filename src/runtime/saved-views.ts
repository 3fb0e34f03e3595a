import { createMetricsIndex, type MetricsIndex } from '../core/metrics/metrics-index.ts';
import { readSavedMetrics } from '../core/metrics/saved-metrics.ts';
import type { Policy } from '../core/policy/types.ts';
import type { Dimension } from '../core/metrics/ticket-measures.ts';
import { createTaskIndex, type TaskIndex } from '../core/tasks/task-index.ts';
import type { ViewsCapture, ViewsLimits } from '../store/types.ts';

/**
 * The text of the saved views: a head line `{"kind":"views","format":2,"policy":V,"metrics":M}`,
 * then M lines of metrics aggregates (saved-metrics.ts), then the task index, a ticket per line.
 * Saved under policy version V; loading under any other policy rebuilds instead (a policy change
 * can change every ticket's measures).
 */
const format = 2;

interface ViewsHead {
  kind: 'views';
  format: number;
  policy: string;
  metrics: number;
}

export function captureViews(
  metrics: MetricsIndex,
  tasks: TaskIndex,
  policy: Policy,
  limits: ViewsLimits = {},
): ViewsCapture {
  const metricLines = metrics.save(limits.pieceChars === undefined ? {} : { pieceChars: limits.pieceChars });
  const head: ViewsHead = { kind: 'views', format, policy: policy.version, metrics: metricLines.length };
  return {
    lines: [JSON.stringify(head), ...metricLines, ...tasks.save()],
    versionOf: (id) => metrics.versionOf(id),
  };
}

/** The views the lines hold, or why they do not fit this policy. */
export function restoreViews(
  lines: readonly string[],
  policy: Policy,
  /**
   * `only`: a one-shot reader's dimensions (it never saves the views again: a save would lack the
   * rest): only the totals and these single dimensions are read from the saved head and kept,
   * any other grouping is built on first use. Implies `pairs: false`.
   */
  opts: { pairs?: boolean; only?: readonly Dimension[] } = {},
): { metrics: MetricsIndex; tasks: TaskIndex } | string {
  let head: ViewsHead;
  try {
    head = JSON.parse(lines[0] ?? '') as ViewsHead;
  } catch {
    return 'the saved views do not start with their head line';
  }
  if (head?.kind !== 'views' || head.format !== format)
    return `the saved views are format ${head?.format}, this version reads format ${format}`;
  if (head.policy !== policy.version)
    return `the saved views were made under policy version ${head.policy}, the policy now is ${policy.version}`;
  const saved = readSavedMetrics(
    lines.slice(1, 1 + head.metrics),
    opts.only ? (name) => name === '' || opts.only!.includes(name as Dimension) : undefined,
  );
  if (typeof saved === 'string') return saved;
  const others = saved.head.policies.filter((v) => v !== policy.version);
  if (others.length > 0)
    return `the saved aggregates hold tickets measured under policy version ${others.join(', ')} (a reload while running)`;
  if (saved.head.timezone !== policy.timezone)
    return `the saved aggregates are in time zone ${saved.head.timezone}, the policy's is ${policy.timezone}`;
  try {
    return {
      metrics: createMetricsIndex({
        policy: () => policy,
        saved,
        ...(opts.only
          ? { pairs: false, dimensions: opts.only }
          : opts.pairs !== undefined
            ? { pairs: opts.pairs }
            : {}),
      }),
      tasks: createTaskIndex(lines.slice(1 + head.metrics)),
    };
  } catch (e) {
    return `the saved views cannot be read (${String(e)})`;
  }
}
