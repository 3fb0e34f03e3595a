import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Policy } from '../../core/policy/types.ts';
import { renderDailyCsv } from '../../report/render-csv.ts';
import { renderDailyHtml } from '../../report/render-html.ts';
import { renderPeriodCsv, renderPeriodHtml } from '../../report/render-period.ts';
import type { KeptReport } from './report-store.ts';

/**
 * Where scheduled reports are written as files: the option `reports.dir` (absolute, or relative
 * to the data directory), else the policy's `reports.dir` (relative to the data directory; the
 * schema keeps it inside), else nowhere.
 */
export function reportDirOf(policy: Policy, dataDir: string, option?: string): string | undefined {
  const fromPolicy = (policy.doc.reports as { dir?: unknown } | undefined)?.dir;
  const dir = option ?? (typeof fromPolicy === 'string' ? fromPolicy : undefined);
  if (dir === undefined) return undefined;
  return isAbsolute(dir) ? dir : resolve(dataDir, dir);
}

/** The HTML, CSV and JSON of a kept report, in the policy's language. */
export function renderKept(kept: KeptReport): { html: string; csv: string; json: string } {
  return {
    html: kept.kind === 'daily' ? renderDailyHtml(kept.report) : renderPeriodHtml(kept.report),
    csv: kept.kind === 'daily' ? renderDailyCsv(kept.report) : renderPeriodCsv(kept.report),
    json: `${JSON.stringify(kept.report, null, 2)}\n`,
  };
}

/** Written beside its final name and renamed over it, so a reader never sees half a file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Writes `<id>.json`, `.html` and `.csv` (e.g. weekly-2026-11-23.html) into `dir`; returns their paths. */
export async function writeKeptFiles(kept: KeptReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const text = renderKept(kept);
  const files = (['json', 'html', 'csv'] as const).map((ext) => ({ path: join(dir, `${kept.id}.${ext}`), ext }));
  for (const f of files) await writeAtomic(f.path, text[f.ext]);
  return files.map((f) => f.path);
}
