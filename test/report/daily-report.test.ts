import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser } from '../helpers/browser.ts';
import { expectFiguresMatchJson, openReportPage } from '../helpers/report-page.ts';
import { run } from '../../src/cli/main.ts';
import type { DailyReport } from '../../src/report/daily-report.ts';
import { fmtDuration, fmtInt, fmtPct, fmtRatio } from '../../src/report/format.ts';
import { tempDir } from '../helpers/server.ts';
import type { Expected } from '../metrics/expected.ts';
import { buildFixtureData } from '../metrics/fixture-data.ts';
import { frTargetMin } from '../metrics/fixture-policy.ts';
import { monthStart, type ScriptedTicket } from '../metrics/fixture-month.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const date = '2026-10-15';
const dayStart = monthStart + 14 * DAY;

/**
 * A chat morning with mixed priorities: five P1 tickets (30 min target) answered after 40 min
 * and four P2 tickets (2 h target) answered after 5 min. The mean response (24 min) is a third
 * of the mean target (70 min), yet only 4 of 9 tickets met their own target.
 */
const mixedChat: ScriptedTicket[] = Array.from({ length: 9 }, (_, i) => {
  const urgent = i < 5;
  const createdAt = dayStart + 10 * 60 * MIN + i * 2 * MIN; // from 10:00 local, office hours
  return {
    channel: 'chat',
    priority: urgent ? 'P1' : 'P2',
    category: 'inquiry',
    createdAt,
    steps: [{ at: createdAt + (urgent ? 40 : 5) * MIN, kind: 'agent', agent: 'bob' }],
  };
});

/** Reads a JSON path like `channels.phone.ratio` (channels by id, other arrays by index). */
function at(report: DailyReport, path: string): unknown {
  let cur: unknown = report;
  for (const seg of path.split('.')) {
    if (Array.isArray(cur))
      cur = /^\d+$/.test(seg) ? cur[Number(seg)] : cur.find((c: { channel?: string }) => c.channel === seg);
    else cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const formatters = [fmtDuration, fmtPct, fmtInt, fmtRatio];
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

describe('switchboard report daily', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let report: DailyReport;
  let html: string;
  let csv: string;
  let script: ScriptedTicket[];
  let expected: Expected[];
  const out: string[] = [];

  beforeAll(async () => {
    tmp = await tempDir('swb-report-');
    const data = await buildFixtureData(tmp.dir, mixedChat);
    script = data.script;
    expected = data.expected;
    const code = await run(
      [
        'report',
        'daily',
        '--date',
        date,
        '--data',
        data.dataDir,
        '--config',
        data.policyFile,
        '--out',
        join(tmp.dir, 'out'),
      ],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    );
    expect(code, out.join('\n')).toBe(0);
    report = JSON.parse(await readFile(join(tmp.dir, 'out', `daily-${date}.json`), 'utf8'));
    html = await readFile(join(tmp.dir, 'out', `daily-${date}.html`), 'utf8');
    csv = await readFile(join(tmp.dir, 'out', `daily-${date}.csv`), 'utf8');
  }, 120_000);
  afterAll(() => tmp?.remove());

  it('the day and each channel match the independent computation; channels below the SLA target are flagged', () => {
    const today = expected.filter((e) => e.createdAt >= dayStart && e.createdAt < dayStart + DAY);
    expect(report.day.tickets).toBe(today.length);
    for (const channel of ['phone', 'chat', 'email']) {
      const idx = script
        .map((_s, i) => i)
        .filter(
          (i) =>
            expected[i]!.channel === channel &&
            expected[i]!.createdAt >= dayStart &&
            expected[i]!.createdAt < dayStart + DAY &&
            expected[i]!.frtBiz !== undefined,
        );
      const line = report.channels.find((c) => c.channel === channel)!;
      if (idx.length === 0) {
        expect(line.frtBusinessMs).toBeNull();
        continue;
      }
      const frt = Math.round(idx.reduce((n, i) => n + expected[i]!.frtBiz!, 0) / idx.length);
      const target = Math.round(
        idx.reduce((n, i) => n + frTargetMin[script[i]!.priority]![channel]! * 60_000, 0) / idx.length,
      );
      expect(line.frtBusinessMs).toBe(frt);
      expect(line.targetMs).toBe(target);
      // Flagged by the share of its tickets that met their own target, not by the mean
      // response against the mean of mixed-priority targets.
      const judged = idx.filter((i) => expected[i]!.frSla !== undefined);
      const met = judged.filter((i) => expected[i]!.frSla === 'met').length;
      expect(line.slaAttainment).toBeCloseTo(met / judged.length, 4);
      expect(line.flagged).toBe(met / judged.length < report.slaTarget);
    }
    expect(report.slaTarget).toBe(0.8);
    // The mixed-priority chat day: mean response well under the mean target, most tickets late.
    const chat = report.channels.find((c) => c.channel === 'chat')!;
    expect(chat.ratio!).toBeLessThan(1);
    expect(chat.slaAttainment!).toBeLessThan(0.8);
    expect(report.flagged).toContain('chat');
    expect(report.flagged).toEqual(report.channels.filter((c) => c.flagged).map((c) => c.channel));
    const end = dayStart + DAY;
    expect(report.day.backlog).toBe(
      expected.filter((e) => e.createdAt < end && !['resolved', 'closed'].includes(e.statusAt(end - 1))).length,
    );
    expect(report.weekOverWeek.thisWeek.tickets).toBe(
      expected.filter((e) => e.createdAt >= dayStart - 6 * DAY && e.createdAt < end).length,
    );
    expect(report.weekOverWeek.lastWeek.tickets).toBe(
      expected.filter((e) => e.createdAt >= dayStart - 13 * DAY && e.createdAt < dayStart - 6 * DAY).length,
    );
    expect(report.policyVersions.reduce((n, v) => n + v.tickets, 0)).toBe(
      expected.filter((e) => e.createdAt < end).length,
    );
  });

  it('every number in the HTML equals the JSON (value and displayed text), with no external resources', () => {
    const cells = [...html.matchAll(/data-k="([^"]+)" data-v="([^"]*)">([^<]*)</g)];
    expect(cells.length).toBeGreaterThan(40);
    for (const [, path, raw, text] of cells) {
      const value = at(report, path!);
      expect(raw === '' ? null : Number(raw), path).toBe(value);
      expect(
        formatters.some((f) => f(value as number | null) === decode(text!)),
        `${path}: "${text}"`,
      ).toBe(true);
    }
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).toContain('<svg');
    expect(html.match(/data-flagged="([^"]*)"/)![1]).toBe(report.flagged.join(','));
  });

  it('the CSV has a row per channel and a total', () => {
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^date,channel,tickets/);
    expect(lines).toHaveLength(1 + report.channels.length + 1);
    const phone = lines.find((l) => l.startsWith(`${date},phone,`))!.split(',');
    expect(Number(phone[2])).toBe(report.channels.find((c) => c.channel === 'phone')!.tickets);
  });

  it.skipIf(browserMissing)(
    'renders in headless Chromium and what people see equals the JSON',
    async () => {
      const { browser: ctx, close } = await launchBrowser({ width: 1100, height: 900 });
      try {
        const shown = await openReportPage(ctx, join(tmp.dir, 'out', `daily-${date}.html`));
        const { page } = shown;
        expect(shown.figures.length).toBeGreaterThan(40);
        expectFiguresMatchJson(shown, (k) => at(report, k), formatters);
        // No status label contradicts the SLA column: "on target" exactly when the share of
        // tickets that met their own target reaches the policy's slaTarget.
        const rows = await page.$$eval('tr[data-channel]', (trs) =>
          trs.map((tr) => ({
            channel: tr.getAttribute('data-channel')!,
            sla: tr.querySelector('[data-k$=".slaAttainment"]')!.getAttribute('data-v')!,
            shown: (tr.querySelector('[data-k$=".slaAttainment"]')!.textContent ?? '').trim(),
            status: tr.querySelector('[data-status]')!.getAttribute('data-status')!,
            label: (tr.querySelector('[data-status]')!.textContent ?? '').trim(),
          })),
        );
        expect(rows.map((r) => r.channel)).toContain('chat');
        for (const r of rows) {
          const expectedStatus = r.sla === '' ? 'none' : Number(r.sla) < report.slaTarget ? 'bad' : 'ok';
          expect(r.status, `${r.channel}: "${r.label}" beside SLA met ${r.shown}`).toBe(expectedStatus);
          expect(r.label).toBe({ ok: 'on target', bad: 'below target', none: '–' }[expectedStatus]);
        }
        expect(rows.find((r) => r.channel === 'chat')!.label).toBe('below target');
        const alert = await page.$eval('.alert', (e) => e.textContent ?? '');
        const chat = report.channels.find((c) => c.channel === 'chat')!;
        expect(alert).toContain(`Chat (${fmtPct(chat.slaAttainment)} met)`);
        const charts = await page.$$eval('svg', (els) => els.map((e) => e.getBoundingClientRect().height));
        expect(charts.length).toBe(3);
        for (const h of charts) expect(h).toBeGreaterThan(50);
      } finally {
        await close();
      }
    },
    60_000,
  );
});
