import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import email from '../../../plugins/email/index.ts';
import { createManualClock } from '../../../src/core/util/clock.ts';
import { createMemoryStore } from '../../../src/store/memory.ts';
import { createSwitchboard } from '../../../src/switchboard/create-switchboard.ts';
import { silentLogger } from '../../../src/telemetry/logger.ts';
import { imapServer, mailbox, rawMail, smtpReceiver, type ImapServer } from '../../helpers/mail.ts';
import { tempDir } from '../../helpers/server.ts';
import { emailPolicyText, makeSwitchboard } from '../helpers.ts';

const server = await imapServer();
const support = 'support@example.test';
const customer = 'customer@example.test';
const pollMs = 60_000;

const policy = (o: { imapPort: number; smtpPort: number; password: string }) =>
  emailPolicyText({
    ...o,
    support,
    pollMs,
    options: `      publicUrl: https://help.example.test
      outbound: { backoffMs: 1000, maxAttempts: 3 }
`,
    rest: `triggers:
  - id: refund-alert
    when: { all: [{ fact: subject, operator: equal, value: Refund now }] }
    do: [{ notify: [ann, group:desk, ops@example.test] }]
faq:
  minConfidence: 0.5
  entries:
    - id: opening-hours
      question: { en: When is the shop open? }
      phrasings: [what are your opening hours, when are you open]
      keywords: [opening hours]
      answer: { en: 'We are open every day from 9:00 to 19:00.' }
`,
  })
    .replace('agents: [{ id: ann, name: Ann }]', 'agents: [{ id: ann, name: Ann, email: ann@example.test }]')
    .replace(
      'scripts:\n',
      'scripts:\n  emailSurvey:\n    en: "Dear {{customer.name}}, please rate ticket {{ticket.number}}."\n    zh-CN: "{{customer.name}}您好，请为工单 {{ticket.number}} 评分。"\n',
    );

const mail = rawMail(customer, support);

describe.skipIf(!server)('email notices: survey links, call-backs, escalations and FAQ answers by mail', () => {
  const srv = server as ImapServer;
  let inbox: Awaited<ReturnType<typeof mailbox>>;
  let outBox: Awaited<ReturnType<typeof mailbox>>;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    inbox = await mailbox(srv, 'notices@example.test');
    outBox = await mailbox(srv, 'notices-out@example.test');
  });
  afterAll(async () => {
    await inbox?.close();
    await outBox?.close();
    await srv.stop();
  });
  beforeEach(async () => {
    await inbox.clear();
    await outBox.clear();
  });
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  /** `reloadable`: the policy is a file in a policy directory, so `sb.policy.reload()` reads edits. */
  async function start(failFirst = 0, opts: { reloadable?: boolean } = {}) {
    const dir = (await tempDir()).dir;
    const smtp = await smtpReceiver(outBox, { failFirst });
    cleanup.push(smtp.close);
    const clock = createManualClock('2026-03-02T08:00:00Z');
    const text = policy({ imapPort: srv.port, smtpPort: smtp.port, password: srv.password }).replace(
      `user: ${support}`,
      'user: notices@example.test',
    );
    const file = join(dir, 'policy', 'policy.yaml');
    if (opts.reloadable) {
      await mkdir(join(dir, 'policy'));
      await writeFile(file, text);
    }
    const sb = opts.reloadable
      ? await createSwitchboard({
          config: join(dir, 'policy'),
          store: createMemoryStore(),
          clock,
          logger: silentLogger,
          pluginDirs: [],
          plugins: [email],
          dataDir: join(dir, 'data'),
        })
      : await makeSwitchboard(text, { plugins: [email], dataDir: dir, clock });
    cleanup.push(() => sb.close());
    const read = async (first = false) => {
      await clock.advance(first ? 0 : pollMs);
      await sb.plugins.settled();
    };
    const edit = async (from: string, to: string) => {
      await writeFile(file, (await readFile(file, 'utf8')).replace(from, to));
      expect(await sb.policy.reload()).toMatchObject({ ok: true, applied: true });
    };
    return { sb, clock, smtp, read, edit };
  }

  it('mails the survey link from the policy script when an email ticket is resolved, and a call-back notice after a poor rating', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<s1@customer.test>', Subject: 'Broken kettle' }, 'It leaks.'));
    const { sb, read } = await start();
    await read(true);
    const [t] = (await sb.tickets.list({ channel: ['email'] })).items;
    await sb.tickets.reply(t!.id, { author: { type: 'agent', id: 'ann' }, body: 'Internal: swap it', internal: true });
    await sb.tickets.setStatus(t!.id, 'resolved');
    await sb.plugins.settled();

    const got = await outBox.all();
    expect(got).toHaveLength(1); // the internal note is not mailed
    const src = got[0]!.source;
    expect(src).toMatch(/^To: customer@example\.test/m);
    expect(src).toMatch(new RegExp(`^Subject: Re: \\[#${t!.number}\\] Broken kettle`, 'm'));
    expect(src).toMatch(/^In-Reply-To: <s1@customer\.test>/m);
    expect(src).toMatch(new RegExp(`^Message-ID: <swb\\.${t!.id}\\.survey-\\d+@example\\.test>`, 'm'));
    expect(src).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(src).toContain(`please rate ticket ${t!.number}.`);
    expect(src).not.toContain('swap it');
    const token = /https:\/\/help\.example\.test\/survey\/(\S+)/.exec(src)?.[1];
    expect(token).toBeTruthy();

    // the link works: a poor rating books a call-back, and the customer is told by mail
    const answered = await sb.surveys.answer(token!, { score: 1, comment: 'too slow' });
    expect(answered.task?.kind).toBe('callback');
    await sb.plugins.settled();
    const all = await outBox.all();
    expect(all).toHaveLength(2);
    const notice = all[1]!.source;
    expect(notice).toMatch(/^To: customer@example\.test/m);
    expect(notice).toMatch(new RegExp(`^Message-ID: <swb\\.${t!.id}\\.callback-`, 'm'));
    expect(notice).toContain('We will call you back');
  });

  it('notices follow a hot reload of the policy: the survey mail is written from the script as it is now', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<r1@customer.test>', Subject: 'Broken lamp' }, 'It flickers.'));
    const { sb, read, edit } = await start(0, { reloadable: true });
    await read(true);
    const [t] = (await sb.tickets.list({ channel: ['email'] })).items;
    await edit('please rate ticket {{ticket.number}}.', 'how did we do on {{ticket.number}}?');
    await sb.tickets.setStatus(t!.id, 'resolved');
    await sb.plugins.settled();
    const [got] = await outBox.all();
    expect(got!.source).toContain(`how did we do on ${t!.number}?`);
    expect(got!.source).not.toContain('please rate');
  });

  it('mails escalation notify recipients that have an address (agent email, group members, an address), never the customer', async () => {
    await inbox.deliver(mail({ 'Message-ID': '<r1@customer.test>', Subject: 'Refund now' }, 'Money back please.'));
    const { sb, read, smtp } = await start();
    await read(true);
    await sb.plugins.settled();
    const [t] = (await sb.tickets.list({ channel: ['email'] })).items;
    expect(t?.subject).toBe('Refund now');
    const to = smtp.envelopes.flatMap((e) => e.to).sort();
    // ann is named directly and is the desk group's member: one mail to her
    expect(to).toEqual(['ann@example.test', 'ops@example.test']);
    const src = (await outBox.all()).map((m) => m.source).join('\n');
    expect(src).toContain(`Ticket [#${t!.number}] "Refund now"`);
    expect(src).not.toMatch(/^To: customer@example\.test/m);
  });

  it('mails the FAQ answer given at intake to the customer, in reply to the mail; the outbox retries on the clock', async () => {
    await inbox.deliver(
      mail({ 'Message-ID': '<q1@customer.test>', Subject: 'Opening hours?' }, 'What are your opening hours?'),
    );
    const { sb, read, clock, smtp } = await start(1);
    await read(true);
    const [t] = (await sb.tickets.list({ channel: ['email'] })).items;
    const answer = t!.replies.find((r) => r.author.type === 'bot');
    expect(answer?.body).toContain('We are open every day');
    expect(smtp.refused()).toBe(1);
    expect(await outBox.all()).toHaveLength(0);
    await clock.advance(1000); // the retry waits on the runtime's clock
    await sb.plugins.settled();
    const got = await outBox.all();
    expect(got).toHaveLength(1);
    expect(got[0]!.source).toMatch(/^In-Reply-To: <q1@customer\.test>/m);
    expect(got[0]!.source).toMatch(new RegExp(`^Message-ID: <swb\\.${t!.id}\\.faq-${answer!.id}@example\\.test>`, 'm'));
    expect(got[0]!.source).toContain('We are open every day from 9:00 to 19:00.');
  });
});
