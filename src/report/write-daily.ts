import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Policy } from '../core/policy/types.ts';
import type { MetricsIndex } from '../core/metrics/metrics-index.ts';
import { buildDailyReport, type DailyReport } from './daily-report.ts';
import { renderDailyCsv } from './render-csv.ts';
import { renderDailyHtml } from './render-html.ts';

/** Writes daily-<date>.html, .csv and .json into `outDir`; returns the report and the paths. */
export async function writeDailyReport(
  index: MetricsIndex,
  policy: Policy,
  date: string,
  outDir: string,
): Promise<{ report: DailyReport; files: string[] }> {
  const report = buildDailyReport(index, policy, date);
  return { report, files: await writeDailyFiles(report, outDir) };
}

/** Writes a built report (here or by a server) as daily-<date>.html, .csv and .json; returns the paths. */
export async function writeDailyFiles(report: DailyReport, outDir: string): Promise<string[]> {
  const date = report.date;
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `daily-${date}`);
  const files = [`${base}.html`, `${base}.csv`, `${base}.json`];
  await Promise.all([
    writeFile(files[0]!, renderDailyHtml(report)),
    writeFile(files[1]!, renderDailyCsv(report)),
    writeFile(files[2]!, `${JSON.stringify(report, null, 2)}\n`),
  ]);
  return files;
}
