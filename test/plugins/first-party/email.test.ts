import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import email from '../../../plugins/email/index.ts';
import { createManualClock } from '../../../src/core/util/clock.ts';
import { createMemoryStore } from '../../../src/store/memory.ts';
import type { Store } from '../../../src/store/types.ts';
import type { Logger } from '../../../src/telemetry/logger.ts';
import { imapServer, mailbox, rawMail, smtpReceiver, type ImapServer } from '../../helpers/mail.ts';
import { tempDir } from '../../helpers/server.ts';
import { emailPolicyText, makeSwitchboard } from '../helpers.ts';

const server = await imapServer();
const support = 'support@example.test';
const customer = 'customer@example.test';
const pollMs = 60_000;

const policy = (o: { imapPort: number; smtpPort: number; password: string; extra?: string }) =>
  emailPolicyText({
    ...o,
    support,
    pollMs,
    options: `      cc: ["@example.test"]
      attachments: { maxBytes: 2000, maxCount: 2 }
      maxMessageBytes: 100000
      outbound: { backoffMs: 1000, maxAttempts: 3 }
`,
    rest: o.extra ?? '',
  });

const mail = rawMail(customer, support);

describe.skipIf(!server)('email plugin against dovecot (IMAP) and an SMTP receiver', () => {
  const srv = server as ImapServer;
  let inbox: Awaited<ReturnType<typeof mailbox>>;
  let customerBox: Awaited<ReturnType<typeof mailbox>>;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    inbox = await mailbox(srv, support);
    customerBox = await mailbox(srv, customer);
  });
  afterAll(async () => {
    await inbox?.close();
    await customerBox?.close();
    await srv.stop();
  });
  beforeEach(async () => {
    await inbox.clear();
    await inbox.noop();
    await customerBox.clear();
  });
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  async function start(
    opts: { failFirst?: number; store?: Store; dir?: string; password?: string; logger?: Logger } = {},
  ) {
    const dir = opts.dir ?? (await tempDir()).dir;
    const smtp = await smtpReceiver(customerBox, { failFirst: opts.failFirst ?? 0 });
    cleanup.push(smtp.close);
    const clock = createManualClock('2026-03-02T08:00:00Z');
    const store = opts.store ?? createMemoryStore();
    const events: { type: string; reply?: { id: string } }[] = [];
    const sb = await makeSwitchboard(
      policy({ imapPort: srv.port, smtpPort: smtp.port, password: opts.password ?? srv.password }),
      { plugins: [email], dataDir: dir, clock, store, ...(opts.logger ? { logger: opts.logger } : {}) },
    );
    sb.events.subscribe('*', (e) => events.push(e as never));
    let closed = false;
    const close = async () => {
      if (!closed) await sb.close();
      closed = true;
    };
    cleanup.push(close);
    /** One reading round (the poll timer) and what it started. */
    const read = async (first = false) => {
      await clock.advance(first ? 0 : pollMs);
      await sb.plugins.settled();
    };
    return { sb, clock, smtp, dir, store, events, read, close };
  }

  const emailTickets = async (sb: Awaited<ReturnType<typeof start>>['sb']) =>
    (await sb.tickets.list({ channel: ['email'] })).items;

  it('a mail to the support mailbox becomes a ticket, marked seen once stored; the agent reply reaches the customer threaded', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<first@customer.test>', Subject: 'Printer on fire' }, 'It smokes.'));
    const { sb, read, events } = await start();
    await read(true);
    const [t] = await emailTickets(sb);
    expect(t).toMatchObject({
      channel: 'email',
      subject: 'Printer on fire',
      description: 'It smokes.',
      customer: { id: customer, email: customer },
    });
    expect((await inbox.all()).map((m) => m.seen)).toEqual([true]);

    await sb.tickets.reply(t!.id, { author: { type: 'agent', id: 'ann' }, body: 'Unplug it, please.' });
    await sb.plugins.settled();
    const stored = await sb.tickets.get(t!.id);
    const reply = stored.replies.at(-1)!;
    expect(reply).toMatchObject({ delivery: 'sent', deliveredBy: 'email' });
    expect(events.filter((e) => e.type === 'reply.sent').map((e) => e.reply?.id)).toEqual([reply.id]);

    const got = await customerBox.all();
    expect(got).toHaveLength(1);
    const src = got[0]!.source;
    expect(src).toMatch(new RegExp(`^Subject: Re: \\[#${t!.number}\\] Printer on fire`, 'm'));
    expect(src).toMatch(/^In-Reply-To: <first@customer\.test>/m);
    expect(src).toMatch(/^References: <first@customer\.test>/m);
    expect(src).toMatch(new RegExp(`^Message-ID: <swb\\.${t!.id}\\.${reply.id}@example\\.test>`, 'm'));
    expect(src).toMatch(/^To: customer@example\.test/m);
    expect(src).toContain('Unplug it, please.');
  });

  it('replies thread by In-Reply-To, References (out of order, from a Cc address) and the [#number]; the same subject alone opens a new ticket', async () => {
    await inbox.deliver(
      mail({ 'Message-ID': '<a@customer.test>', Cc: 'boss@example.test', Subject: 'help' }, 'first mail'),
    );
    const { sb, read } = await start();
    await read(true);
    const [t] = await emailTickets(sb);
    await sb.tickets.reply(t!.id, { author: { type: 'agent', id: 'ann' }, body: 'Which model?' });
    await sb.plugins.settled();
    const ours = (await customerBox.all())[0]!.source.match(/^Message-ID: (<[^>]+>)/m)![1]!;
    expect((await customerBox.all())[0]!.source).toMatch(/^Cc: boss@example\.test/m);

    // the boss answers our mail; the customer's second mail names only the first one; a stranger writes "help" too
    await inbox.deliver(
      mail(
        {
          From: 'boss@example.test',
          'Message-ID': '<c@boss.test>',
          'In-Reply-To': ours,
          References: `<a@customer.test> ${ours}`,
        },
        'boss',
      ),
    );
    await inbox.deliver(mail({ 'Message-ID': '<b@customer.test>', References: '<a@customer.test>' }, 'second mail'));
    await inbox.deliver(mail({ From: 'other@elsewhere.test', 'Message-ID': '<x@elsewhere.test>' }, 'unrelated'));
    await inbox.deliver(
      mail({ 'Message-ID': '<d@customer.test>', Subject: `Re: [#${t!.number}] still broken` }, 'by number'),
    );
    await read();
    const tickets = await emailTickets(sb);
    expect(tickets).toHaveLength(2);
    const thread = await sb.tickets.get(t!.id);
    expect(thread.replies.filter((r) => r.author.type === 'customer').map((r) => [r.author.id, r.body])).toEqual([
      ['boss@example.test', 'boss'],
      [customer, 'second mail'],
      [customer, 'by number'],
    ]);
    expect(tickets.find((x) => x.id !== t!.id)?.customer.email).toBe('other@elsewhere.test');

    // the next agent reply still goes to the requester, not to whoever wrote last
    await sb.tickets.reply(t!.id, { author: { type: 'agent', id: 'ann' }, body: 'Fixed.' });
    await sb.plugins.settled();
    const last = (await customerBox.all()).at(-1)!.source;
    expect(last).toMatch(/^To: customer@example\.test/m);
    expect(last).toMatch(/^In-Reply-To: <d@customer\.test>/m);
  });

  it('the same mail delivered twice, or re-read after a restart, creates one ticket', async () => {
    const raw = mail({ 'Message-ID': '<twice@customer.test>' }, 'once');
    await inbox.deliver(raw);
    await inbox.deliver(raw);
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const store = createMemoryStore();
    const first = await start({ dir: tmp.dir, store });
    await first.read(true);
    expect(await emailTickets(first.sb)).toHaveLength(1);
    await first.close();
    // as if the runtime died after storing the ticket but before marking the mail seen
    await inbox.markUnseen((await inbox.all()).map((m) => m.uid));
    await store.open();
    const second = await start({ dir: tmp.dir, store });
    await second.read(true);
    expect(await emailTickets(second.sb)).toHaveLength(1);
    expect((await inbox.all()).every((m) => m.seen)).toBe(true);
  });

  it('decodes GB2312, GBK and GB18030 bodies and subjects', async () => {
    for (const charset of ['GB2312', 'GBK', 'GB18030']) {
      const body = iconv.encode(`打印机坏了，请帮忙 ${charset}`, charset);
      const subject = iconv.encode(`打印机 ${charset}`, charset).toString('base64');
      const head = `From: ${customer}\r\nTo: ${support}\r\nMessage-ID: <${charset}@customer.test>\r\nSubject: =?${charset}?B?${subject}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
      await inbox.deliver(Buffer.concat([Buffer.from(head), body, Buffer.from('\r\n')]));
    }
    const { sb, read } = await start();
    await read(true);
    const got = (await emailTickets(sb)).map((t) => [t.subject, t.description]).sort();
    expect(got).toEqual([
      ['打印机 GB18030', '打印机坏了，请帮忙 GB18030'],
      ['打印机 GB2312', '打印机坏了，请帮忙 GB2312'],
      ['打印机 GBK', '打印机坏了，请帮忙 GBK'],
    ]);
  });

  it('auto-replies become internal notes on their ticket and are never answered; a robot with no ticket is quarantined', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<p@customer.test>' }, 'person'));
    const { sb, read, dir } = await start();
    await read(true);
    const [t] = await emailTickets(sb);
    await inbox.deliver(
      mail({
        'Message-ID': '<ooo@customer.test>',
        'In-Reply-To': '<p@customer.test>',
        'Auto-Submitted': 'auto-replied',
        Subject: 'Out of office',
      }),
    );
    await inbox.deliver(
      mail({ From: 'MAILER-DAEMON@example.test', 'Message-ID': '<bounce@example.test>', Subject: 'Undelivered' }),
    );
    await inbox.deliver(mail({ 'Message-ID': '<list@customer.test>', Precedence: 'bulk', Subject: 'newsletter' }));
    await read();
    expect(await emailTickets(sb)).toHaveLength(1);
    const replies = (await sb.tickets.get(t!.id)).replies;
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ internal: true, author: { type: 'system' } });
    expect(replies[0]!.body).toContain('Auto-Submitted: auto-replied');
    expect(replies[0]!.delivery).toBeUndefined();
    expect(await customerBox.all()).toHaveLength(0);
    const quarantine = readFileSync(join(dir, 'plugins', 'email', 'mail-index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === 'quarantine');
    expect(quarantine.map((q) => q.messageId).sort()).toEqual(['<bounce@example.test>', '<list@customer.test>']);
    expect(quarantine.every((q) => typeof q.reason === 'string' && q.reason.length > 0)).toBe(true);
  });

  it('quarantines a mail without From with the reason and Message-ID; a mail over maxMessageBytes or with an unknown charset is a ticket that says so; reading goes on', async () => {
    await inbox.deliver(`To: ${support}\r\nSubject: who\r\nMessage-ID: <nofrom@x.test>\r\n\r\nanonymous\r\n`);
    await inbox.deliver(mail({ 'Message-ID': '<huge@customer.test>', Subject: 'huge' }, 'x'.repeat(200_000)));
    await inbox.deliver(
      mail(
        {
          'Message-ID': '<odd@customer.test>',
          'MIME-Version': '1.0',
          'Content-Type': 'text/plain; charset=x-no-such-charset',
        },
        'plain words',
      ),
    );
    await inbox.deliver(mail({ 'Message-ID': '<fine@customer.test>', Subject: 'fine' }, 'ok'));
    const { sb, read, dir } = await start();
    await read(true);
    const tickets = await emailTickets(sb);
    expect(tickets.map((t) => t.subject).sort()).toEqual(['fine', 'help', 'huge']);
    // unknown charset: read as is, and the ticket says so
    expect(tickets.find((t) => t.subject === 'help')?.description).toBe(
      'plain words\n\n(read with problems, Message-ID <odd@customer.test>: unknown charset "x-no-such-charset": the text was read as UTF-8 and may show wrong characters)',
    );
    // over maxMessageBytes: the text is not downloaded; the ticket lists it with its size and the reason
    const huge = tickets.find((t) => t.subject === 'huge')!.description;
    expect(huge).toMatch(
      /^\(no text\)\n\nAttachments:\nmail text \(text\/plain, 200002 bytes\) — not kept: the mail is \d+ bytes, over maxMessageBytes \(100000\): not downloaded$/,
    );
    expect(tickets.find((t) => t.subject === 'fine')?.description).toBe('ok');
    const quarantine = readFileSync(join(dir, 'plugins', 'email', 'mail-index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === 'quarantine');
    expect(quarantine.map((q) => [q.messageId, q.reason.split(/[:(]/)[0].trim()])).toEqual([
      ['<nofrom@x.test>', 'the mail has no From address'],
    ]);
    expect((await inbox.all()).every((m) => m.seen)).toBe(true);
    expect(await customerBox.all()).toHaveLength(0);
  });

  it('keeps attachments within the limits, lists each with name, type and size, and notes the ones kept out', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<att0@customer.test>' }, 'first'));
    const { sb, read, dir } = await start();
    await read(true);
    const [t] = await emailTickets(sb);
    const part = (name: string, bytes: number) =>
      `--b\r\nContent-Type: application/octet-stream; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(bytes, 65).toString('base64')}\r\n`;
    const body = `--b\r\nContent-Type: text/plain\r\n\r\nsee files\r\n${part('a.bin', 10)}${part('big.bin', 5000)}${part('b.bin', 20)}${part('c.bin', 30)}--b--`;
    await inbox.deliver(
      mail(
        {
          'Message-ID': '<att@customer.test>',
          'In-Reply-To': '<att0@customer.test>',
          'MIME-Version': '1.0',
          'Content-Type': 'multipart/mixed; boundary="b"',
        },
        body,
      ),
    );
    await read();
    const reply = (await sb.tickets.get(t!.id)).replies.at(-1)!;
    expect(reply.body).toBe('see files');
    const listed = reply.attachments!.map(({ name, type, size, skipped }) => ({ name, type, size, kept: !skipped }));
    expect(listed).toEqual([
      { name: 'a.bin', type: 'application/octet-stream', size: 10, kept: true },
      { name: 'big.bin', type: 'application/octet-stream', size: 5000, kept: false },
      { name: 'b.bin', type: 'application/octet-stream', size: 20, kept: true },
      { name: 'c.bin', type: 'application/octet-stream', size: 30, kept: false },
    ]);
    expect(reply.attachments![1]!.skipped).toContain('attachments.maxBytes');
    expect(reply.attachments![3]!.skipped).toContain('attachments.maxCount');
    expect(readFileSync(join(dir, 'plugins', 'email', reply.attachments![0]!.stored!), 'utf8')).toBe('A'.repeat(10));
  });

  it('a refusing SMTP server is retried with backoff on the clock; the reply goes queued → sent with one Message-ID', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<r@customer.test>' }));
    const { sb, read, clock, smtp } = await start({ failFirst: 2 });
    await read(true);
    const [t] = await emailTickets(sb);
    await sb.tickets.reply(t!.id, { author: { type: 'agent', id: 'ann' }, body: 'On it.' });
    await sb.plugins.settled();
    expect((await sb.tickets.get(t!.id)).replies.at(-1)!.delivery).toBe('queued');
    expect(smtp.refused()).toBe(1);
    await clock.advance(1000); // second attempt, refused again
    expect(smtp.refused()).toBe(2);
    expect((await sb.tickets.get(t!.id)).replies.at(-1)!.delivery).toBe('queued');
    await clock.advance(2000); // third attempt, accepted
    expect((await sb.tickets.get(t!.id)).replies.at(-1)!.delivery).toBe('sent');
    expect(await customerBox.all()).toHaveLength(1);
  });

  it('a wrong password is reported once as SWB_EMAIL_CONNECT with the server answer, retried, and the runtime keeps working', async () => {
    const errors: string[] = [];
    const logger: Logger = { info() {}, warn() {}, error: (m) => void errors.push(m) };
    await inbox.deliver(mail({ 'Message-ID': '<pw@customer.test>' }));
    const { sb, clock } = await start({ password: 'wrong-password', logger });
    await clock.advance(0);
    await clock.advance(60_000);
    await clock.advance(60_000);
    const reports = errors.filter((m) => m.includes('IMAP 127.0.0.1'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/support@example\.test/);
    expect(reports[0]).toMatch(/answered|auth/i);
    const { ticket } = await sb.tickets.create({ channel: 'web', subject: 'still works', customer: { id: 'c' } });
    expect(ticket.id).toBeTruthy();
    expect((await inbox.all()).every((m) => !m.seen)).toBe(true);
  });
});
