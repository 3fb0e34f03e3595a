import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/core/events/bus.ts';
import { createMetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createReportService } from '../../src/runtime/reports/report-scheduler.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { tempDir } from '../helpers/server.ts';

describe('a report whose files cannot be written', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    tmp = await tempDir('swb-report-retry-');
  });
  afterAll(() => tmp?.remove());

  it('fails its tick, announces nothing, and is made and written on the next tick', async () => {
    const policy = policyFromText('extends: preset:base\nid: retry\nreports:\n  daily: "08:00"\n');
    const clock = createManualClock('2026-11-29T23:00:00Z'); // Monday 07:00 in Shanghai
    const bus = createEventBus({ clock });
    const ready: { id: string; files?: string[] }[] = [];
    bus.subscribe('report.ready', (e) => {
      ready.push({ id: e.id, ...(e.files ? { files: e.files } : {}) });
    });
    const store = createLowdbStore({ dir: join(tmp.dir, 'data'), clock });
    await store.open();
    const dir = join(tmp.dir, 'out');
    await writeFile(dir, 'a file where the directory should be');
    const reports = createReportService({
      store,
      clock,
      bus,
      policy: () => policy,
      metrics: createMetricsIndex({ policy: () => policy }),
      dir: () => dir,
    });
    expect(await reports.tick()).toEqual([]); // the first look starts the count
    clock.set('2026-11-30T00:01:00Z');
    await expect(reports.tick()).rejects.toThrow(/EEXIST|ENOTDIR/);
    expect(ready).toEqual([]);
    await rm(dir);
    expect(await reports.tick()).toEqual(['daily-2026-11-29']);
    expect(ready.map((e) => [e.id, e.files?.length])).toEqual([['daily-2026-11-29', 3]]);
    expect((await readdir(dir)).sort()).toEqual([
      'daily-2026-11-29.csv',
      'daily-2026-11-29.html',
      'daily-2026-11-29.json',
    ]);
    expect(await reports.tick()).toEqual([]);
    await store.close();
  });
});
