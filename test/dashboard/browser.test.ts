import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { browserMissing, launchBrowser } from '../helpers/browser.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

// The page functions below run in the browser; the test's lib has no DOM types.
declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  querySelectorAll(s: string): { length: number };
};

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe.skipIf(browserMissing)('the live dashboard in headless Chromium', () => {
  let browser: BrowserContext;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    server = await startTestServer({ dataDir: t.dir });
    cleanups.push(() => server.close());
    const launched = await launchBrowser();
    browser = launched.browser;
    cleanups.push(launched.close);
  });
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('shows a ticket created through the API within 1 s, with a viewer token and masked contact data', async () => {
    // Some history first, so queues, countdowns and charts have something to show.
    const seed = [
      { channel: 'phone', subject: '支付失败,无法下单', customer: { id: 'C1', tier: 'vip', name: '张三' } },
      { channel: 'email', subject: 'How do I register an account?', customer: { id: 'C2' }, locale: 'en' },
      { channel: 'chat', subject: 'coupon rules?', customer: { id: 'C3' } },
      // P2 chat: first response due in 2 h, warnings at 75 % and 15 min before.
      {
        channel: 'chat',
        subject: 'order shipped to the wrong address',
        customer: { id: 'C4' },
        createdAt: new Date(Date.now() - 180 * 60e3).toISOString(),
      },
      {
        channel: 'chat',
        subject: 'where is my parcel?',
        customer: { id: 'C5' },
        createdAt: new Date(Date.now() - 100 * 60e3).toISOString(),
      },
    ];
    const ids = [];
    for (const body of seed) ids.push((await api(server.url, 'POST', '/api/tickets', body)).body.id);
    await api(server.url, 'POST', `/api/tickets/${ids[1]}/replies`, {
      author: { type: 'agent', id: 'chen' },
      body: 'Hello!',
    });
    await api(server.url, 'POST', `/api/tickets/${ids[0]}/tasks`, {
      name: 'Call the customer back',
      due: '2h',
      assignee: 'he',
    });
    const viewer = (await api(server.url, 'POST', '/api/tokens', { name: 'wallboard', role: 'viewer' })).body.token;

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/?token=${viewer}`);
    await page.waitForSelector('#status[data-state="live"]', { timeout: 10_000 });
    expect(page.url()).not.toContain('token='); // moved to sessionStorage
    await page.waitForFunction((n) => document.querySelectorAll('#tickets tbody tr').length === n, 5, {
      timeout: 5_000,
    });

    const created = await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'page error: checkout is a blank page',
      customer: { id: 'C9', name: 'Alice Smith', email: 'alice@example.com' },
    });
    const posted = Date.now();
    // The page loads the ticket list once and never polls it: the row can only come from the
    // socket push. How long it took is printed, not asserted (the machine may be busy).
    await page.waitForSelector(`#tickets tr[data-id="${created.body.id}"]`, { timeout: 15_000 });
    const seenAfter = Date.now() - posted;
    const row = await page.textContent(`#tickets tr[data-id="${created.body.id}"]`);
    expect(row).toContain('checkout is a blank page');
    expect(row).toContain('A*** S***');
    expect(row).not.toContain('Alice');
    expect(await page.textContent('#k-open')).toBe('6');
    expect(await page.textContent('#queues tr[data-group="tech-ops"]')).toContain('技术运维组');
    expect(await page.locator('#tickets tr.breached').count()).toBe(1); // the 3-hour-old chat ticket
    expect(await page.locator('#tickets tr.warning').count()).toBe(1); // 100 minutes old: past its 75 % warning
    expect(await page.textContent('#k-breached')).toBe('1');
    expect(await page.locator('#backlog path.line').count()).toBe(1);
    expect(await page.locator('#frt rect').count()).toBe(1);
    expect(await page.textContent('#tasks tbody')).toContain('Call the customer back');

    await mkdir(artifacts, { recursive: true });
    await page.waitForTimeout(300); // let the highlight of the new row settle for the picture
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    console.log(`dashboard: ticket visible ${seenAfter} ms after the API answered`);
  });

  it("shows the tasks still owed, overdue ones marked, a resolved ticket's call-back included, and drops a task once done", async () => {
    // its own server on a manual clock that starts at the browser's time, so the scheduler can be moved
    const t = await tempDir();
    cleanups.push(t.remove);
    const clock = createManualClock(new Date());
    const tasksServer = await startTestServer({
      dataDir: t.dir,
      clock,
      sources: [{ file: 'policy.yaml', text: followUpPolicyText }],
    });
    cleanups.push(() => tasksServer.close());
    const call = (method: string, path: string, body?: unknown) => api(tasksServer.url, method, path, body);
    const ticket = (
      await call('POST', '/api/tickets', { channel: 'mail', subject: 'desk chair broke', customer: { id: 'C2' } })
    ).body;
    const soon = (await call('POST', `/api/tickets/${ticket.id}/tasks`, { name: 'Ask for a photo', due: '30m' })).body
      .task;
    const later = (
      await call('POST', `/api/tickets/${ticket.id}/tasks`, { name: 'Ship the spare part', due: '2h', assignee: 'ana' })
    ).body.task;
    // a resolved ticket (not in the socket snapshot) with a task still owed
    const done = (
      await call('POST', '/api/tickets', { channel: 'mail', subject: 'refund arrived', customer: { id: 'C3' } })
    ).body;
    const callBack = (await call('POST', `/api/tickets/${done.id}/tasks`, { name: 'Call to confirm', due: '3h' })).body
      .task;
    await call('POST', `/api/tickets/${done.id}/status`, { status: 'solved' });
    await clock.advance(31 * 60_000); // the first task comes due (task.due)
    const viewer = (await call('POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${tasksServer.url}/?token=${viewer}`);
    await page.waitForFunction(() => document.querySelectorAll('#tasks tbody tr').length === 3, undefined, {
      timeout: 10_000,
    });
    const row = (id: string) => `#tasks tr[data-task="${id}"]`;
    expect(await page.getAttribute(row(soon.id), 'class')).toContain('overdue');
    expect(await page.textContent(row(soon.id))).toContain('overdue');
    expect(await page.getAttribute(row(later.id), 'class')).not.toContain('overdue');
    expect(await page.textContent(row(later.id))).toContain('ana');
    expect(await page.textContent(row(callBack.id))).toContain('solved');
    expect(await page.textContent('#k-tasks-overdue')).toBe('1');

    // done through the API: the row goes, live
    await call('POST', `/api/tickets/${ticket.id}/tasks/${soon.id}`, { state: 'done', note: 'photo received' });
    await page.waitForFunction(() => document.querySelectorAll('#tasks tbody tr').length === 2, undefined, {
      timeout: 5_000,
    });
    expect(await page.textContent('#k-tasks-overdue')).toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for a token when none is given and rejects a wrong one', async () => {
    const page = await browser.newPage(); // a new tab: empty sessionStorage
    await page.goto(`${server.url}/`);
    expect(await page.isVisible('#login')).toBe(true);
    await page.fill('#token', 'swb_wrong');
    await page.click('#login button');
    await page.waitForSelector('#status[data-state="rejected"]', { timeout: 5_000 });
    await page.close();
  });
});
