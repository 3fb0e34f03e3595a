import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import { scanTickets } from '../../src/runtime/metrics/scan-store.ts';
import { buildDailyReport } from '../../src/report/daily-report.ts';
import { createReportFilter } from '../../src/report/report-horizon.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { tempDir } from '../helpers/server.ts';
import { buildFixtureData } from '../metrics/fixture-data.ts';
import { fixturePolicyText } from '../metrics/fixture-policy.ts';

describe('the daily report reads only tickets that can change it', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  const tickets: Ticket[] = [];
  beforeAll(async () => {
    tmp = await tempDir('swb-horizon-');
    const data = await buildFixtureData(tmp.dir);
    const store = createLowdbStore({ dir: data.dataDir });
    await store.open();
    for await (const t of scanTickets(store)) tickets.push(t);
    await store.close();
  }, 120_000);
  afterAll(() => tmp?.remove());

  it('skipping old finished tickets leaves every number of the report unchanged', () => {
    const policy = policyFromText(fixturePolicyText);
    for (const date of ['2026-10-15', '2026-11-03', '2026-11-12', '2026-11-20']) {
      const everything = createMetricsIndex({ policy: () => policy, pairs: false });
      const filtered = createMetricsIndex({ policy: () => policy, pairs: false });
      const relevant = createReportFilter(date, policy.timezone);
      let skipped = 0;
      for (const t of tickets) {
        everything.apply(t);
        if (relevant(t)) filtered.apply(t);
        else skipped++;
      }
      if (date === '2026-11-20') expect(skipped).toBeGreaterThan(50);
      expect(buildDailyReport(filtered, policy, date), date).toEqual(buildDailyReport(everything, policy, date));
    }
  });
});
