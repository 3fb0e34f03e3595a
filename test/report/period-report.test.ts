import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser } from '../helpers/browser.ts';
import { expectFiguresMatchJson, openReportPage } from '../helpers/report-page.ts';
import type { PeriodFigures, PeriodReport } from '../../src/report/period-report.ts';
import { fmtDuration, fmtInt, fmtPct } from '../../src/report/format.ts';
import type { Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { tempDir } from '../helpers/server.ts';
import { nearestRank, withinPrecision } from '../metrics/quantiles.ts';
import { buildWeek, type WeekTicket } from './period-fixture.ts';

const round4 = (x: number) => Math.round(x * 10000) / 10000;
const localHour = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCHours(); // Shanghai, no DST

/** Reads a JSON path like `groups.0.frtP50BusinessMs` or `totals.arrivalsByHour.13`. */
function at(report: PeriodReport, path: string): unknown {
  let cur: unknown = report;
  for (const seg of path.split('.')) cur = (cur as Record<string, unknown>)[seg];
  return cur;
}

/** The cells of one CSV line (quoted cells may hold commas). */
const csvCells = (line: string) =>
  [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
    .slice(0, -1)
    .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));

/** The figures the independent computation gives for a set of tickets. */
function expectFigures(f: PeriodFigures, tickets: WeekTicket[], what: string) {
  expect(f.tickets, what).toBe(tickets.length);
  const values = (k: 'frtBiz' | 'resBiz' | 'ahtBiz') =>
    tickets.map((t) => t.e[k]).filter((v): v is number => v !== undefined);
  for (const [k, prefix] of [
    ['frtBiz', 'frt'],
    ['resBiz', 'resolution'],
    ['ahtBiz', 'aht'],
  ] as const) {
    const xs = values(k);
    const mean = xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
    expect(f[`${prefix}BusinessMs`], `${what} ${prefix} mean`).toBe(mean);
    for (const p of [50, 90] as const) {
      const reported = f[`${prefix}P${p}BusinessMs`];
      const exact = nearestRank(xs, p / 100);
      expect(withinPrecision(reported, exact), `${what} ${prefix} p${p}: ${reported} for ${exact}`).toBe(true);
    }
  }
  const resolved = values('resBiz').length;
  const byBot = tickets.filter((t) => t.byBot).length;
  expect([f.resolved, f.botResolved], what).toEqual([resolved, byBot]);
  expect(f.botSubstitutionRate, what).toBe(resolved ? round4(byBot / resolved) : null);
  const complaints = tickets.filter((t) => t.category === 'complaint').length;
  expect(f.complaints, what).toBe(complaints);
  expect(f.complaintRate, what).toBe(tickets.length ? round4(complaints / tickets.length) : null);
}

describe('the weekly report, against an independent computation from the same tickets', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let sb: Switchboard;
  let week: WeekTicket[];
  let reportsDir: string;
  let report: PeriodReport;

  beforeAll(async () => {
    tmp = await tempDir('swb-period-');
    ({ sb, week, reportsDir } = await buildWeek(tmp.dir));
    expect(await sb.reports.tick()).toEqual(['weekly-2026-10-05']);
    report = JSON.parse(await readFile(join(reportsDir, 'weekly-2026-10-05.json'), 'utf8'));
  }, 120_000);
  afterAll(async () => {
    await sb?.close();
    await tmp?.remove();
  });

  it('arrivals by local hour, means, medians, p90, bot substitution and complaint rate', async () => {
    expect(week.length).toBeGreaterThan(30);
    expect(week.some((t) => t.e.ahtBiz !== undefined)).toBe(true);
    expect((await sb.reports.get('weekly-2026-10-05'))?.report).toEqual(report);
    expect([report.from, report.to, report.locale]).toEqual(['2026-10-05', '2026-10-11', 'en']);
    const hours = new Array(24).fill(0);
    for (const t of week) hours[localHour(t.createdAt)]++;
    expect(report.totals.arrivalsByHour).toEqual(hours);
    expectFigures(report.totals, week, 'totals');
    expect(report.totals.botResolved).toBe(6);
    expect(report.totals.complaints).toBeGreaterThan(0);
    expect(report.groups.map((g) => g.key).sort()).toEqual(['desk', 'tech']);
    for (const g of report.groups)
      expectFigures(
        g,
        week.filter((t) => t.group === g.key),
        `group ${g.key}`,
      );
    expect(report.agents.reduce((n, a) => n + a.tickets, 0)).toBe(week.length);
    expect(report.agents.reduce((n, a) => n + a.botResolved, 0)).toBe(6);
  });

  it('the CSV carries the same figures, one row per slice', async () => {
    const csv = (await readFile(join(reportsDir, 'weekly-2026-10-05.csv'), 'utf8')).replace(/^\uFEFF/, '');
    const [head, ...rows] = csv.trim().split('\r\n');
    const cols = csvCells(head!);
    const total = csvCells(rows[0]!);
    const cell = (name: string) => total[cols.indexOf(name)];
    expect(cell('Complaint rate (%)')).toBe((report.totals.complaintRate! * 100).toFixed(2));
    expect(cell('First response, median (min)')).toBe((report.totals.frtP50BusinessMs! / 60_000).toFixed(2));
    expect(cell('arrivals 13h')).toBe(String(report.totals.arrivalsByHour[13]));
    expect(rows).toHaveLength(2 + report.channels.length + report.groups.length + report.agents.length);
  });

  it.skipIf(browserMissing)(
    'in headless Chromium every number of the HTML equals the JSON, and it is visible',
    async () => {
      const { browser: ctx, close } = await launchBrowser({ width: 1100, height: 900 });
      try {
        const shown = await openReportPage(ctx, join(reportsDir, 'weekly-2026-10-05.html'));
        const { page } = shown;
        const paths = new Set(shown.figures.map((s) => s.k));
        for (const p of ['totals.frtP90BusinessMs', 'totals.complaintRate', 'totals.arrivalsByHour.23'])
          expect(paths.has(p), p).toBe(true);
        expect(shown.figures.some((s) => /^groups\.\d+\.resolutionP50BusinessMs$/.test(s.k))).toBe(true);
        expectFiguresMatchJson(shown, (k) => at(report, k), [fmtDuration, fmtPct, fmtInt]);
        expect(await page.$eval('h1', (e) => e.textContent)).toContain('Weekly service-efficiency report');
      } finally {
        await close();
      }
    },
    60_000,
  );
});
