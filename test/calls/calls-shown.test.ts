import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

// What the page functions below read in the browser (the tests compile without the DOM library).
declare const document: {
  querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null;
};

const T0 = '2026-10-12T01:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

// Hotline calls in the daily report and the dashboard, checked in a real Chromium against the JSON.
describe('hotline calls shown in the daily report and the dashboard', () => {
  const clock = createManualClock('2026-10-12T02:00:00.000Z');
  const cleanups: (() => Promise<unknown>)[] = [];
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: BrowserContext;
  let supervisor: string;
  const post = (callId: string, event: string, seconds: number, agent?: string) =>
    api(server.url, 'POST', '/api/calls/events', {
      callId,
      event,
      at: at(seconds),
      channel: 'phone',
      ...(agent ? { agent } : {}),
    });

  beforeAll(async () => {
    const t = await tempDir('swb-calls-shown-');
    cleanups.push(t.remove);
    server = await startTestServer({
      dataDir: t.dir,
      store: createLowdbStore({ dir: t.dir, clock }),
      sources: [{ file: 'policy.yaml', text: 'extends: preset:base\nid: hotline\n' }],
      clock,
    });
    cleanups.push(() => server.close());
    supervisor = (await api(server.url, 'POST', '/api/tokens', { name: 'lead', role: 'supervisor' })).body.token;
    for (const [id, event, s, agent] of [
      ['a', 'offered', 0],
      ['a', 'answered', 8, 'zhang'],
      ['a', 'held', 20, 'zhang'],
      ['a', 'resumed', 35, 'zhang'],
      ['a', 'ended', 95, 'zhang'],
      ['a', 'wrapup-ended', 125, 'zhang'],
      ['b', 'offered', 0],
      ['b', 'answered', 44, 'li'],
      ['b', 'ended', 104, 'li'],
      ['c', 'offered', 0],
      ['c', 'abandoned', 31],
    ] as [string, string, number, string?][])
      expect((await post(id, event, s, agent)).status).toBe(200);
    const launched = await launchBrowser();
    browser = launched.browser;
    cleanups.push(launched.close);
  });
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('the daily report has a hotline section whose every number is the JSON one', async () => {
    const json = await api(server.url, 'GET', '/api/reports/daily?date=2026-10-12&format=json');
    expect(json.status).toBe(200);
    expect(json.body.calls).toEqual([
      {
        channel: 'phone',
        name: '客服热线 Hotline',
        answerWithinMs: 20_000,
        offered: 3,
        answered: 2,
        abandoned: 1,
        serviceLevel: 0.5,
        asaMs: 26_000,
        abandonRate: 0.3333,
        talkMs: Math.round(((95 - 8 - 15 + (104 - 44)) / 2) * 1000),
        holdMs: 7500,
        wrapMs: 15_000,
        ahtMs: Math.round(((125 - 8 + (104 - 44)) / 2) * 1000),
        fcrRate: null,
      },
    ]);
    const html = await api(server.url, 'GET', '/api/reports/daily?date=2026-10-12&format=html');
    const page = await browser.newPage();
    await page.setContent(html.body);
    const cells = await page.$$eval('section.calls [data-k]', (els) =>
      els.map((e) => ({ k: e.getAttribute('data-k')!, v: e.getAttribute('data-v')!, text: e.textContent!.trim() })),
    );
    expect(cells).toHaveLength(11);
    for (const c of cells) {
      const [, i, key] = c.k.split('.');
      const value = json.body.calls[Number(i)][key!];
      expect(c.v, c.k).toBe(value === null ? '' : String(value));
    }
    expect(cells.find((c) => c.k === 'calls.0.serviceLevel')?.text).toBe('50.0 %');
    await page.close();
  });

  it('the dashboard shows a calls card for the voice channel, as the server counts, and follows new calls', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${supervisor}`);
    await page.waitForSelector('#calls tr[data-channel="phone"]', { timeout: 15_000 });
    const read = () =>
      page.$$eval('#calls tr[data-channel="phone"] [data-k]', (els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-k')!, e.getAttribute('data-v')!])),
      );
    const metrics = (await api(server.url, 'GET', '/api/metrics?groupBy=channel')).body;
    const phone = metrics.groups.find((g: { key: { channel: string } }) => g.key.channel === 'phone').calls;
    const card = (await api(server.url, 'GET', '/api/metrics/calls', undefined, supervisor)).body;
    expect(card.channels.find((c: { channel: string }) => c.channel === 'phone').calls).toEqual(phone);
    expect(await read()).toEqual({
      offered: String(phone.offered),
      answered: String(phone.answered),
      serviceLevel: String(phone.serviceLevel),
      asaMs: String(phone.asaMs),
      abandonRate: String(phone.abandonRate),
      talkMs: String(phone.talkMs),
      holdMs: String(phone.holdMs),
      wrapMs: String(phone.wrapMs),
      ahtMs: String(phone.ahtMs),
      fcrRate: '',
    });
    expect(phone.offered).toBe(3);
    await post('d', 'offered', 0);
    await page.waitForFunction(
      () =>
        document.querySelector('#calls tr[data-channel="phone"] [data-k="offered"]')?.getAttribute('data-v') === '4',
      undefined,
      { timeout: 15_000 },
    );
    // a reload reads the same counts from the server
    await page.reload();
    await page.waitForSelector('#calls tr[data-channel="phone"] [data-k="offered"][data-v="4"]', { timeout: 15_000 });
    await page.close();
  });

  it('a viewer (dashboard:read only) sees the calls card too, and no error in the page', async () => {
    const viewer = (await api(server.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/?token=${viewer}`);
    await page.waitForSelector('#calls tr[data-channel="phone"] [data-k="offered"][data-v="4"]', { timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
