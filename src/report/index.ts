/** Reports for people: the daily efficiency report (JSON, HTML, CSV) and the tracking-table export. */
export { buildDailyReport, type DailyReport, type ChannelLine, type PeriodLine } from './daily-report.ts';
export { renderDailyHtml } from './render-html.ts';
export { renderDailyCsv } from './render-csv.ts';
export { writeDailyReport } from './write-daily.ts';
export { trackingHeader, trackingHeading, trackingRow } from './tracking-csv.ts';
