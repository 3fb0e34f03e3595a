import type { ReportKind } from '../../core/reports/schedule.ts';

/** The figures of a weekly or monthly report, each with its label (period-report.ts). */
export type FigureKey =
  | 'tickets'
  | 'backlog'
  | 'frtBusinessMs'
  | 'frtP50BusinessMs'
  | 'frtP90BusinessMs'
  | 'resolutionBusinessMs'
  | 'resolutionP50BusinessMs'
  | 'resolutionP90BusinessMs'
  | 'ahtBusinessMs'
  | 'ahtP50BusinessMs'
  | 'ahtP90BusinessMs'
  | 'fcrRate'
  | 'slaFirstResponse'
  | 'slaResolution'
  | 'csatSatisfiedRate'
  | 'botSubstitutionRate'
  | 'complaintRate'
  | 'callServiceLevel'
  | 'callAsaMs'
  | 'callAbandonRate';

/** The daily report's columns in its CSV file. */
export type DailyCsvColumn =
  | 'date'
  | 'channel'
  | 'tickets'
  | 'responded'
  | 'frtBusinessMin'
  | 'frtWallMin'
  | 'targetMin'
  | 'ratio'
  | 'flagged'
  | 'slaMetPct'
  | 'backlog'
  | 'csatSatisfiedPct';

/**
 * Every word of the reports (HTML and CSV headers) in one language: one table per language
 * (en.ts, zh-CN.ts), chosen by the policy's `locale`.
 */
export interface ReportMessages {
  /** The `lang` of the HTML page. */
  lang: string;
  title: Record<ReportKind, string>;
  daily: {
    subtitle: (timezone: string, policy: string, version: string) => string;
    flagged: (count: number, slaTarget: string) => string;
    flaggedChannel: (name: string, met: string) => string;
    allMet: (slaTarget: string) => string;
    cards: {
      tickets: [string, string];
      frt: [string, string];
      sla: [string, string];
      fcr: [string, string, string];
      csat: [string, (target: string) => string];
      backlog: [string, string];
    };
    responseChart: string;
    satisfaction: string;
    ratings: (count: string, n: number) => string;
    channels: string;
    channelColumns: [string, string, string, string, string, string, string, string, string, string];
    status: { ok: string; bad: string };
    calls: string;
    callColumns: [string, string, string, string, string, string, string, string, string, string, string, string];
    callsNote: string;
    backlog: string;
    weekOverWeek: string;
    change: string;
    periodMetrics: Record<
      | 'tickets'
      | 'frtBusinessMs'
      | 'resolutionBusinessMs'
      | 'ahtBusinessMs'
      | 'fcrRate'
      | 'slaAttainment'
      | 'csatSatisfiedRate',
      string
    >;
    versions: string;
    versionsNote: string;
    versionColumns: [string, string, string, string, string, string, string];
    live: string;
    noTickets: string;
    footer: string;
  };
  charts: { noResponses: string; target: string; arrivals: string; openAtEnd: string };
  period: {
    summary: string;
    previous: string;
    channels: string;
    groups: string;
    agents: string;
    days: string;
    hours: string;
    hoursNote: string;
    slice: string;
    day: string;
    frtHead: string;
    resolutionHead: string;
    mean: string;
    median: string;
    p90: string;
    quantileNote: string;
    figures: Record<FigureKey, string>;
    footer: string;
  };
  csv: {
    daily: Record<DailyCsvColumn, string>;
    period: { from: string; to: string; slice: string; key: string; hour: (h: string) => string };
    /** A figure's column: its label and unit (minutes, percent, or none for counts). */
    figure: (label: string, unit: 'min' | 'pct' | 'count') => string;
  };
}
