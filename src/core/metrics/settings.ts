import type { Policy } from '../policy/types.ts';

/** The policy's `metrics:` key, with defaults filled in. */
export interface MetricsSettings {
  /** Bot and auto replies count as a first response (and in FCR) when true. Default false. */
  countBotReplies: boolean;
  /** Lowest CSAT score that counts as satisfied (default 4: scores 4–5). */
  satisfiedMin: number;
  /** Share of satisfied ratings the team aims for (default 0.9). */
  csatTarget: number;
  /**
   * Share of a channel's first-response timers that should meet their own target (default 0.8):
   * the daily report flags a channel below it.
   */
  slaTarget: number;
  /** The mean first response against the mean target is marked when over by more than this (default 0.2). */
  overTargetRatio: number;
  /**
   * Categories that are complaints, with their children (default `["complaint"]`: `complaint`,
   * `complaint/major`, ...): the complaint rate of the reports counts tickets in them.
   */
  complaintCategories: readonly string[];
}

export const defaultMetricsSettings: MetricsSettings = Object.freeze({
  countBotReplies: false,
  satisfiedMin: 4,
  csatTarget: 0.9,
  slaTarget: 0.8,
  overTargetRatio: 0.2,
  complaintCategories: Object.freeze(['complaint']),
});

export function metricsSettings(policy: Pick<Policy, 'doc'>): MetricsSettings {
  const raw = (policy.doc.metrics ?? {}) as Partial<MetricsSettings>;
  return { ...defaultMetricsSettings, ...raw };
}
