import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { browserMissing, launchBrowser } from '../helpers/browser.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';
import { copyBasePreset } from '../helpers/standalone-base.ts';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

// The page functions below run in the browser; the test's lib has no DOM types.
declare const document: {
  documentElement: { lang: string };
  querySelectorAll(s: string): { length: number };
  querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null;
};
declare const location: { search: string };

/**
 * The supervisor's view of the dashboard in headless Chromium, against a real server on a
 * manual clock: the policy's language and the switch, the agent board, the group filter in the
 * address, today's SLA and CSAT as the API gives them, a refused policy edit, counters after a
 * reload. One browser for the file; one page reloaded as a supervisor would.
 */
describe.skipIf(browserMissing)("the supervisor's dashboard in headless Chromium", () => {
  let browser: BrowserContext;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let policyDir: string;
  let supervisor: string;
  let page: Page;
  const errors: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const call = (method: string, path: string, body?: unknown) => api(server.url, method, path, body);
  const today = async (group?: string) =>
    (await api(server.url, 'GET', `/api/dashboard/today${group ? `?group=${group}` : ''}`, undefined, supervisor)).body;
  const value = (selector: string) => page.getAttribute(selector, 'data-v');
  const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
  /** After a (re)load: live, and the server's figures drawn. */
  const ready = async () => {
    await page.waitForSelector('#status[data-state="live"]', { timeout: 10_000 });
    await page.waitForSelector('#agents tbody tr', { timeout: 10_000 });
    await page.waitForSelector('#sla-today tbody tr', { timeout: 10_000 });
  };

  beforeAll(async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    policyDir = join(t.dir, 'policy');
    await copyBasePreset(policyDir); // locale: zh-CN
    server = await startTestServer({
      config: policyDir,
      dataDir: join(t.dir, 'data'),
      clock: createManualClock(new Date()),
    });
    cleanups.push(() => server.close());
    const launched = await launchBrowser();
    browser = launched.browser;
    cleanups.push(launched.close);

    const created = [];
    for (const body of [
      { channel: 'chat', subject: 'page error: blank page', customer: { id: 'C1' } },
      { channel: 'chat', subject: 'page error: no images', customer: { id: 'C2' } },
      { channel: 'email', subject: 'How do I register an account?', customer: { id: 'C3' } },
    ])
      created.push((await call('POST', '/api/tickets', body)).body);
    await call('POST', `/api/tickets/${created[0].id}/replies`, {
      author: { type: 'agent', id: 'li' },
      body: '在处理',
    });
    for (const [i, score] of [
      [0, 5],
      [2, 3],
    ] as const) {
      await call('POST', `/api/tickets/${created[i].id}/status`, { status: 'resolved' });
      await call('POST', `/api/tickets/${created[i].id}/csat`, { score });
    }
    await call('PUT', '/api/agents/zhao/presence', { status: 'away' });
    supervisor = (await call('POST', '/api/tokens', { name: 'lead', role: 'supervisor' })).body.token;

    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/?token=${supervisor}`);
    await ready();
  });
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('speaks the policy locale (zh-CN) from one table, and lists every agent with presence and load against capacity', async () => {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await text('#refusals-card h2 span')).toBe('被拒绝的策略修改');
    expect(await text('#lang')).toBe('English');
    expect(await text('#status')).toBe('实时');
    const agents = (await call('GET', '/api/dashboard/agents')).body.items as {
      id: string;
      load: number;
      capacity: number | null;
    }[];
    expect(await page.locator('#agents tbody tr').count()).toBe(agents.length);
    for (const a of agents) {
      expect(await value(`#agents tr[data-agent="${a.id}"] [data-k="load"]`)).toBe(String(a.load));
      expect(await page.getAttribute(`#agents tr[data-agent="${a.id}"] [data-k="load"]`, 'data-capacity')).toBe(
        a.capacity === null ? '' : String(a.capacity),
      );
    }
    const busy = agents.find((a) => a.load > 0);
    expect(busy).toBeDefined();
    expect(await text(`#agents tr[data-agent="${busy!.id}"] [data-k="load"]`)).toMatch(/^1 /);
    expect(await text('#agents tr[data-agent="gao"] [data-k="load"]')).toMatch(/^0 \/ 30/);
    expect(await page.getAttribute('#agents tr[data-agent="zhao"]', 'data-presence')).toBe('away');
    expect(await text('#agents tr[data-agent="zhao"] td:nth-child(2)')).toBe('离开');
    // live: a presence change through the API reaches the board over socket.io
    const holder = busy!.id;
    await call('PUT', `/api/agents/${holder}/presence`, { status: 'offline' });
    await page.waitForSelector(`#agents tr[data-agent="${holder}"][data-presence="offline"]`, { timeout: 5_000 });
    // her ticket moves on to a colleague, and the board's loads follow
    await server.sb.routing.idle();
    await server.sb.triggers.idle();
    const moved = (await call('GET', '/api/dashboard/agents?group=tech-ops')).body.items as typeof agents;
    expect(moved.find((a) => a.id === holder)?.load).toBe(0);
    expect(moved.filter((a) => a.load === 1)).toHaveLength(1);
    for (const a of moved)
      await page.waitForSelector(`#agents tr[data-agent="${a.id}"] [data-k="load"][data-v="${a.load}"]`, {
        timeout: 5_000,
      });
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard-supervisor.png'), fullPage: true });
  });

  it("shows today's SLA attainment and CSAT as GET /api/dashboard/today gives them", async () => {
    const d = await today();
    expect(d.csat).toMatchObject({ count: 2, avgScore: 4 });
    for (const k of ['firstResponse', 'resolution'] as const)
      for (const f of ['met', 'breached', 'attainment'] as const)
        expect(await value(`#sla-today tr[data-target="${k}"] [data-k="${f}"]`), `${k}.${f}`).toBe(
          d.sla[k][f] === null ? '' : String(d.sla[k][f]),
        );
    expect(await value('#csat-today [data-k="avgScore"]')).toBe('4');
    expect(await value('#csat-today [data-k="count"]')).toBe('2');
    expect(await text('#k-arrived')).toBe(String(d.tickets));
  });

  it('narrows every card to the chosen group, keeps it in the address, and after a reload', async () => {
    await page.selectOption('#group', 'tech-ops');
    expect(new URL(page.url()).searchParams.get('group')).toBe('tech-ops');
    const narrowed = async () => {
      await page.waitForFunction(() => document.querySelectorAll('#agents tbody tr').length === 3, undefined, {
        timeout: 5_000,
      });
      const d = await today('tech-ops');
      await page.waitForFunction(
        (n) => document.querySelector('#csat-today [data-k="count"]')?.getAttribute('data-v') === n,
        String(d.csat.count),
        { timeout: 5_000 },
      );
      expect(d.csat).toMatchObject({ count: 1, avgScore: 5 });
      expect(await value('#csat-today [data-k="avgScore"]')).toBe('5');
      expect(await value('#sla-today tr[data-target="firstResponse"] [data-k="met"]')).toBe(
        String(d.sla.firstResponse.met),
      );
      expect(await text('#c-events')).toBe(String(d.counters.events));
      // the ticket cards redraw on the page's next frame
      await page.waitForFunction(() => document.querySelectorAll('#queues tbody tr').length === 1, undefined, {
        timeout: 5_000,
      });
      expect(await page.getAttribute('#queues tbody tr', 'data-group')).toBe('tech-ops');
      const open = (await call('GET', '/api/tickets?group=tech-ops&status=new,open,pending-customer,pending-internal'))
        .body.items;
      expect(open.length).toBeGreaterThan(0);
      await page.waitForFunction((n) => document.querySelectorAll('#tickets tbody tr').length === n, open.length, {
        timeout: 5_000,
      });
      expect(await text('#k-open')).toBe(String(open.length));
      for (const id of ['li', 'wang', 'zhao'])
        expect(await page.locator(`#agents tr[data-agent="${id}"]`).count()).toBe(1);
    };
    await narrowed();
    await page.reload();
    await ready();
    expect(await page.inputValue('#group')).toBe('tech-ops');
    await narrowed();
    await page.selectOption('#group', '');
    await page.waitForFunction(() => document.querySelectorAll('#agents tbody tr').length > 3, undefined, {
      timeout: 5_000,
    });
    expect(new URL(page.url()).searchParams.has('group')).toBe(false);
    // a group the policy does not have: every group, and the address says so
    await page.goto(`${server.url}/?group=no-such-group`);
    await ready();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('group'), undefined, {
      timeout: 5_000,
    });
    expect(await page.inputValue('#group')).toBe('');
    expect(await page.locator('#agents tbody tr').count()).toBeGreaterThan(3);
  });

  it('shows a refused policy edit (when, file:line:col, code, message), kept over a reload with its counter', async () => {
    expect(await text('#refusals tbody')).toBe('无');
    await writeFile(join(policyDir, 'zz.yaml'), 'scripts:\n  x: { en: "a"\n');
    expect(await server.sb.policy.reload()).toMatchObject({ ok: false });
    const [refusal] = (await call('GET', '/api/dashboard/refusals')).body.items;
    const p = refusal.problems[0];
    const row = `#refusals tr[data-at="${refusal.at}"]`;
    await page.waitForSelector(row, { timeout: 5_000 });
    expect(await text(`${row} .where`)).toBe(`${p.file}:${p.line}:${p.col}`);
    expect(await text(`${row} .code`)).toBe('SWB_CONFIG_YAML');
    expect(await text(`${row} .subject`)).toBe(p.message);
    await page.waitForFunction(() => document.querySelector('#c-refusals')?.textContent === '1', undefined, {
      timeout: 5_000,
    });
    const events = await text('#c-events');
    expect(Number(events)).toBeGreaterThan(0);

    await page.reload();
    await ready();
    await page.waitForSelector(row, { timeout: 5_000 });
    expect(await text('#c-refusals')).toBe('1');
    expect(await text('#c-events')).toBe(events);
    expect((await today()).counters).toMatchObject({ refusals: 1, events: Number(events) });
  });

  it('switches to English from the header, and keeps the choice over a reload', async () => {
    await page.click('#lang');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text('#refusals-card h2 span')).toBe('Refused policy changes');
    expect(await text('#agents thead')).toBe('agentpresenceon shiftload');
    expect(await text('#status')).toBe('live');
    expect(await text('#agents tr[data-agent="zhao"] td:nth-child(2)')).toBe('away');
    await page.reload();
    await ready();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text('#sla-today tr[data-target="firstResponse"] td')).toBe('first response');
    expect(await text('#lang')).toBe('中文');
    expect(errors).toEqual([]);
  });
});
