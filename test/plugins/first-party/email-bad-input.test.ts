/**
 * Bad mail against the real IMAP server: a 50 MB attachment, a mail bomb of 10,000 mails from one
 * sender, malformed MIME. Each is a ticket that says what was wrong or a quarantine entry with the
 * reason and the Message-ID: never a crash, a lost mail, or an answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import email from '../../../plugins/email/index.ts';
import { createManualClock } from '../../../src/core/util/clock.ts';
import { appendMany, imapServer, mailbox, rawMail, type ImapServer } from '../../helpers/mail.ts';
import { api, startTestServer, tempDir } from '../../helpers/server.ts';
import { emailPolicyText } from '../helpers.ts';

const server = await imapServer();
const support = 'badmail@example.test';
const customer = 'customer@example.test';
const bomber = 'bomber@example.test';
const pollMs = 60_000;
const hour = 3_600_000;

const policy = (o: { imapPort: number; smtpPort: number; password: string }) =>
  emailPolicyText({
    ...o,
    support,
    pollMs,
    options: `      batchSize: 1000
      flood: { maxPerSender: 5, windowMs: ${hour} }
`,
    rest: `faq:
  minConfidence: 0.5
  entries:
    - id: help
      question: { en: Can you help? }
      phrasings: [please help me, can you help]
      keywords: [help]
      answer: { en: 'We will help you.' }
`,
  });

const mail = rawMail(customer, support);

/** A base64 body in lines of 76 characters, as mail programs write it. */
const base64Lines = (bytes: number) => {
  const text = Buffer.alloc(bytes, 7).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join('\r\n');
};

describe.skipIf(!server)('email plugin: bad input against dovecot', () => {
  const srv = server as ImapServer;
  let inbox: Awaited<ReturnType<typeof mailbox>>;
  const cleanup: (() => Promise<unknown>)[] = [];
  const sent: string[] = [];
  let smtp: SMTPServer;
  let smtpPort = 0;

  beforeAll(async () => {
    inbox = await mailbox(srv, support);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        stream.resume();
        stream.on('end', () => {
          sent.push(...session.envelope.rcptTo.map((r) => r.address));
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    smtpPort = (smtp.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await inbox?.clear();
    await inbox?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
    await srv.stop();
  });
  beforeEach(async () => {
    sent.length = 0;
    await inbox.clear();
    await inbox.noop();
  });
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  async function start() {
    const tmp = await tempDir();
    const dir = join(tmp.dir, 'data');
    const clock = createManualClock('2026-03-02T08:00:00Z');
    const server = await startTestServer({
      sources: [{ file: 'policy.yaml', text: policy({ imapPort: srv.port, smtpPort, password: srv.password }) }],
      plugins: [email],
      dataDir: dir,
      clock,
    });
    const { sb } = server;
    cleanup.push(tmp.remove, () => server.close());
    const read = async (first = false) => {
      await clock.advance(first ? 0 : pollMs);
      await sb.plugins.settled();
    };
    const get = async (path: string) => {
      const res = await api(server.url, 'GET', `/api/plugins/email/${path}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const quarantine = async (): Promise<{ messageId: string; reason: string }[]> => (await get('quarantine')).items;
    return { sb, clock, dir, read, quarantine, status: () => get('status') };
  }

  const emailTickets = async (sb: Awaited<ReturnType<typeof start>>['sb']) =>
    (await sb.tickets.list({ channel: ['email'], limit: 500 })).items;

  it('a 50 MB attachment is not downloaded: the mail becomes its ticket, which lists it with name, type and size', async () => {
    const bytes = 50 * 1024 * 1024;
    const body = [
      '--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nthe logs are attached\r\n',
      '--b\r\nContent-Type: text/plain; name="note.txt"\r\nContent-Disposition: attachment; filename="note.txt"\r\n\r\nsmall note\r\n',
      `--b\r\nContent-Type: application/zip; name="logs.zip"\r\nContent-Disposition: attachment; filename="logs.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(bytes)}\r\n`,
      '--b--',
    ].join('');
    const raw = mail(
      { 'Message-ID': '<big@customer.test>', 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="b"' },
      body,
    );
    await inbox.deliver(raw);
    const { sb, read, dir, status } = await start();
    await read(true);

    const [t, ...more] = await emailTickets(sb);
    expect(more).toHaveLength(0);
    const [text, listing] = t!.description!.split('\n\nAttachments:\n');
    expect(text).toBe('the logs are attached');
    const lines = listing!.split('\n');
    expect(lines[0]).toBe('note.txt (text/plain, 10 bytes)');
    const big =
      /^logs\.zip \(application\/zip, (\d+) bytes\) — not kept: larger than the limit of 10485760 bytes \(attachments\.maxBytes\); not downloaded \(the mail is (\d+) bytes, over maxMessageBytes \(26214400\)\)$/.exec(
        lines[1]!,
      );
    expect(big).not.toBeNull();
    expect(Math.abs(Number(big![1]) - bytes)).toBeLessThanOrEqual(2); // estimated from the encoded size
    expect(Number(big![2])).toBeGreaterThan(bytes);
    // the small attachment is kept; the large one never came over the wire
    const stored = join(dir, 'plugins', 'email', 'attachments');
    expect(readFileSync(join(stored, readdirSync(stored)[0]!, '1-note.txt'), 'utf8')).toBe('small note');
    const { imap } = await status();
    expect(imap.read.ticket).toBe(1);
    expect(imap.received).toBeLessThan(1024 * 1024);
    expect((await inbox.all()).map((m) => m.seen)).toEqual([true]);
  });

  it('a mail bomb of 10,000 mails from one sender: 5 tickets, the rest quarantined with reason and Message-ID; other customers read as usual', async () => {
    const count = 10_000;
    const mails: string[] = [];
    for (let i = 0; i < count; i++) {
      mails.push(
        rawMail(bomber, support)({ 'Message-ID': `<bomb-${i}@bomber.test>`, Subject: `please help me ${i}` }, 'help'),
      );
      if (i % 2500 === 0)
        mails.push(mail({ 'Message-ID': `<person-${i}@customer.test>`, Subject: `question ${i}` }, 'a question'));
    }
    await appendMany(srv, support, mails); // APPEND in batches of 2,000 (about 30 s on a busy 2-core machine)

    const { sb, read, quarantine, clock } = await start();
    await read(true); // one round, batches of 1,000 (about 7 s)
    const tickets = (await sb.tickets.list({ channel: ['email'], limit: 500 })).items;
    const bombs = tickets.filter((t) => t.customer.id === bomber);
    expect(bombs.map((t) => t.subject).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `please help me ${i}`).sort());
    expect(tickets.filter((t) => t.customer.id === customer)).toHaveLength(4);
    const held = await quarantine();
    expect(held).toHaveLength(count - 5);
    expect(new Set(held.map((q) => q.messageId))).toEqual(
      new Set(Array.from({ length: count - 5 }, (_, i) => `<bomb-${i + 5}@bomber.test>`)),
    );
    expect(held.every((q) => q.reason.startsWith(`flood: ${bomber} already sent 5 mails within 3600000 ms`))).toBe(
      true,
    );
    // the sender's newest ticket says, once, that mail is held back
    const notes = (await Promise.all(bombs.map((t) => sb.tickets.get(t.id)))).flatMap((t) =>
      t.replies.filter((r) => r.internal && r.author.type === 'system').map((r) => r.body),
    );
    expect(notes).toEqual([
      `More than 5 mails from ${bomber} within 3600000 ms: the others are held back in the email quarantine (GET /api/plugins/email/quarantine), not answered, and stay in the mailbox.`,
    ]);
    // the FAQ's answers went to the tickets it opened, none to the 9,995 held back
    const answered = bombs.filter((t) => t.replies.some((r) => r.author.type === 'bot' && !r.internal));
    expect(answered.length).toBeGreaterThan(0);
    expect(sent.filter((to) => to === bomber)).toHaveLength(answered.length);
    expect(await inbox.counts()).toEqual({ messages: count + 4, unseen: 0 });

    // an hour later the sender is read again
    clock.set(new Date(Date.parse('2026-03-02T08:00:00Z') + hour + 1));
    await inbox.deliver(rawMail(bomber, support)({ 'Message-ID': '<later@bomber.test>', Subject: 'later' }, 'x'));
    await read();
    expect((await emailTickets(sb)).filter((t) => t.subject === 'later')).toHaveLength(1);
  }, 120_000);

  it('malformed MIME is read with a note of what is wrong; a mail without From is quarantined; nothing is answered', async () => {
    const head = (id: string, type: string) =>
      `From: ${customer}\r\nTo: ${support}\r\nSubject: ${id}\r\nMessage-ID: <${id}@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: ${type}\r\n\r\n`;
    await inbox.deliver(
      `${head('noboundary', 'multipart/mixed')}--zz\r\nContent-Type: text/plain\r\n\r\nmy printer\r\n--zz--\r\n`,
    );
    await inbox.deliver(
      `${head('cutoff', 'multipart/mixed; boundary="zz"')}--zz\r\nContent-Type: text/plain\r\n\r\nhalf a mail\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0`,
    );
    await inbox.deliver(
      `${head('badbase64', 'text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64')}!!! not base64 ***\r\n`,
    );
    await inbox.deliver('this is not a header\r\n\x00\x01 binary\r\n\r\nbody\r\n');
    const { sb, read, quarantine } = await start();
    await read(true);
    const held = await quarantine();
    const bySubject = new Map((await emailTickets(sb)).map((t) => [t.subject, t.description]));
    expect(bySubject.get('noboundary')).toBe(
      '--zz\nContent-Type: text/plain\n\nmy printer\n--zz--\n\n(read with problems, Message-ID <noboundary@customer.test>: malformed MIME: multipart/mixed without a boundary; the body is shown as it came)',
    );
    expect(bySubject.get('cutoff')).toBe(
      'half a mail\n\n(read with problems, Message-ID <cutoff@customer.test>: malformed MIME: multipart/mixed is never closed (cut off?); parts may be missing)\n\nAttachments:\nattachment-1 (application/pdf, 5 bytes)',
    );
    expect(bySubject.has('badbase64')).toBe(true);
    expect(held.map((q) => q.reason)).toEqual(['the mail has no From address']);
    expect(held[0]!.messageId).toMatch(/^<[0-9a-f]{64}@no-message-id\.invalid>$/);
    expect((await inbox.all()).every((m) => m.seen)).toBe(true);
    expect(sent).toEqual([]);
  });
});
