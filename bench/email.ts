/**
 * The email channel: mails waiting in a real IMAP mailbox (dovecot, from .ci/mail-start.sh)
 * becoming tickets per second, public replies reaching a local SMTP receiver (npm smtp-server)
 * per second, and, in the same run, the same creates through the REST API for comparison.
 * Memory store; targets: ≥ 200 mails/s in and ≥ 200 replies/s out.
 * Run alone: node --import tsx bench/email.ts [--quick] (needs dovecot, see .ci/mail-start.sh).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import email from '../plugins/email/index.ts';
import { createManualClock } from '../src/core/util/clock.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { createSwitchboard } from '../src/switchboard/create-switchboard.ts';
import { startServer } from '../src/switchboard/server.ts';
import { silentLogger } from '../src/telemetry/logger.ts';
import { appendMany, imapServer, mailbox } from '../test/helpers/mail.ts';
import { tempDir } from '../test/helpers/server.ts';
import type { BenchOptions } from './registry.ts';

const support = 'bench@example.test';

const policy = (imapPort: number, password: string, smtpPort: number) => `version: 1
id: bench-email
channels: [{ id: web, kind: online }, { id: email, kind: online }]
categories: [{ id: general }]
priorities: { levels: [P1, P2], default: P2 }
slas: [{ id: s, targets: { firstResponse: { P1: 1h, P2: 8h } } }]
agents: [{ id: ann, name: Ann }]
routing: { fallback: desk, groups: [{ id: desk, members: [ann] }] }
plugins:
  - name: email
    options:
      imap: { host: 127.0.0.1, port: ${imapPort}, user: ${support}, password: "${password}" }
      smtp: { host: 127.0.0.1, port: ${smtpPort} }
      address: ${support}
      mode: poll
      batchSize: 200
`;

export async function benchEmail(opts: BenchOptions): Promise<Record<string, unknown>> {
  const n = opts.quick ? 200 : 1000;
  const srv = await imapServer();
  if (!srv) return { email: { skipped: 'no IMAP server (dovecot)' } };
  const inbox = await mailbox(srv, support);
  await inbox.clear();
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, done) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const tmp = await tempDir();
  try {
    await appendMany(
      srv,
      support,
      Array.from(
        { length: n },
        (_, i) =>
          `From: c${i}@example.test\r\nTo: ${support}\r\nSubject: bench ${i}\r\nMessage-ID: <bench-${i}@example.test>\r\n\r\nmail ${i}\r\n`,
      ),
    );
    const clock = createManualClock();
    const sb = await createSwitchboard({
      sources: [{ file: 'bench.yaml', text: policy(srv.port, srv.password, smtpPort) }],
      store: createMemoryStore(),
      clock,
      logger: silentLogger,
      pluginDirs: [],
      plugins: [email],
      dataDir: join(tmp.dir, 'data'),
    });
    let t0 = performance.now();
    await clock.advance(0); // the first reading round takes every waiting mail
    await sb.plugins.settled();
    const inMs = performance.now() - t0;
    const tickets = (await sb.tickets.list({ channel: ['email'], limit: 500 })).items.length;

    const ids: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await sb.tickets.list({ channel: ['email'], limit: 500, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    }
    t0 = performance.now();
    await Promise.all(ids.map((id) => sb.tickets.reply(id, { author: { type: 'agent', id: 'ann' }, body: 'answer' })));
    await sb.plugins.settled();
    const outMs = performance.now() - t0;

    const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
    const url = `http://127.0.0.1:${server.port}/api/tickets`;
    t0 = performance.now();
    for (let i = 0; i < n; i++)
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'web', subject: `rest ${i}`, customer: { id: `c${i}` } }),
      }).then(async (r) => {
        if (r.status !== 201) throw new Error(`REST create answered ${r.status}: ${await r.text()}`);
      });
    const restMs = performance.now() - t0;
    await server.close();
    await sb.close();
    const perSec = (count: number, ms: number) => Math.round((count / ms) * 1000);
    return {
      email: {
        mails: n,
        ticketsMade: ids.length,
        firstPage: tickets,
        inboundPerSec: perSec(ids.length, inMs),
        repliesSent: received,
        outboundPerSec: perSec(received, outMs),
        restCreatesPerSec: perSec(n, restMs),
        targets: { inboundPerSec: 200, outboundPerSec: 200 },
      },
    };
  } finally {
    await inbox.clear();
    await inbox.close();
    await new Promise<void>((r) => smtp.close(() => r()));
    await srv.stop();
    await tmp.remove();
  }
}

// node --import tsx bench/email.ts [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(JSON.stringify(await benchEmail({ quick: process.argv.includes('--quick') }), null, 2));
