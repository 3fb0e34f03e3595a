import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysFrom } from '../../src/core/metrics/days.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

/** A far day once made the day iterator loop forever ('+010000-01' sorts before '9999-12-31'). */
describe('days outside 2000 .. a year ahead are refused; every day loop is bounded', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    server = await startTestServer({ dataDir: t.dir, clock: createManualClock('2026-11-23T08:00:00Z') });
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  const refused = async (path: string, param: string) => {
    const res = await api(server.url, 'GET', path);
    expect(res.status, path).toBe(400);
    expect(res.body.error.code).toBe('SWB_METRICS_QUERY');
    expect(res.body.error.details.path).toBe(`?${param}`);
  };

  it('reports, metrics and the tracking export answer 400 for far days, and the server keeps answering', async () => {
    await refused('/api/reports/daily?date=9999-12-31', 'date');
    await refused('/api/reports/daily?date=1999-12-31', 'date');
    await refused('/api/reports/daily?date=2027-11-25', 'date');
    await refused('/api/reports/daily?date=2026-02-31', 'date');
    await refused('/api/metrics?from=9999-12-30&to=9999-12-31', 'to');
    await refused('/api/metrics?from=9999-12-30', 'from');
    await refused('/api/metrics?from=%2B010000-01-01T00:00:00Z', 'from');
    await refused('/api/metrics?from=0001-01-01&to=2026-11-23', 'from');
    await refused('/api/tickets.csv?from=9999-12-30&to=9999-12-31', 'to');
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('days within the range still answer', async () => {
    expect((await api(server.url, 'GET', '/api/reports/daily?date=2026-11-22')).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/reports/daily?date=2027-11-23')).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/metrics?from=2000-01-01&to=2000-01-31')).status).toBe(200);
  });

  it('the day iterator counts instants: the last four-digit day is one day, not an endless walk', () => {
    expect(daysFrom('9999-12-31', '9999-12-31')).toEqual(['9999-12-31']);
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(() => daysFrom('2000-01-01', '9999-12-31')).toThrow(/longer than 3661 days/);
  });
});
