/**
 * Metrics of domain.md §10 (FRT, FCR, AHT, resolution time, SLA attainment, backlog, CSAT) from
 * ticket history, in wall-clock and business time, grouped by channel, category, priority, group,
 * agent, customer tier and policy version; kept as incrementally maintained per-day aggregates.
 */
export {
  createMetricsIndex,
  type MetricsIndex,
  type MetricsQuery,
  type MetricsResult,
  type MetricsGroup,
} from './metrics-index.ts';
export { measureTicket, dimensionNames, type Dimension, type TicketMeasures } from './ticket-measures.ts';
export { metricsSettings, type MetricsSettings } from './settings.ts';
export type { MetricSummary } from './summarize.ts';
