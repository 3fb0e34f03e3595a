/**
 * Real mail servers for the email tests: the IMAP server .ci/mail-start.sh runs (Debian's
 * dovecot; its SWB_IMAP_* variables, or started here when dovecot is installed), and an SMTP
 * receiver (npm smtp-server) that files each mail it takes into a mailbox of that IMAP server,
 * as a mail server delivering to the customer would. In CI (CI=true) a missing IMAP server is
 * an error: these tests never skip there.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';

export interface ImapServer {
  host: string;
  port: number;
  password: string;
  stop: () => Promise<void>;
}

export async function imapServer(): Promise<ImapServer | undefined> {
  const { SWB_IMAP_HOST: host, SWB_IMAP_PORT: port, SWB_IMAP_PASSWORD: password } = process.env;
  if (host && port && password) return { host, port: Number(port), password, stop: async () => {} };
  const installed = existsSync('/usr/sbin/dovecot');
  if (!installed) {
    if (process.env.CI === 'true')
      throw new Error(
        'CI=true but no IMAP server: SWB_IMAP_PORT is not set. .ci/run starts dovecot with .ci/mail-start.sh; the email tests must not skip in CI.',
      );
    console.warn(
      '\n*** email tests SKIPPED: no SWB_IMAP_PORT and dovecot is not installed.\n' +
        '*** Install the `dovecot-imapd` package or run: eval "$(.ci/mail-start.sh)" before the tests.\n',
    );
    return undefined;
  }
  const script = fileURLToPath(new URL('../../.ci/mail-start.sh', import.meta.url));
  const { stdout } = await promisify(execFile)('bash', [script], {
    env: { ...process.env, SWB_MAIL_NO_INSTALL: '1' },
    timeout: 60_000,
  });
  const vars = Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/\\(.)/g, '$1')]),
  );
  return {
    host: vars.SWB_IMAP_HOST!,
    port: Number(vars.SWB_IMAP_PORT),
    password: vars.SWB_IMAP_PASSWORD!,
    stop: async () => {
      await promisify(execFile)('bash', ['-c', vars.SWB_IMAP_STOP!]).catch(() => undefined);
    },
  };
}

/** An IMAP session as one of the server's users (see .ci/mail-start.sh). */
export async function mailbox(server: ImapServer, user: string) {
  const c = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user, pass: server.password },
    logger: false,
  });
  await c.connect();
  await c.mailboxOpen('INBOX');
  return {
    /** Delivers a raw mail into the INBOX, unseen. */
    deliver: (raw: string | Buffer) => c.append('INBOX', raw, []),
    /** Every mail in the INBOX: uid, \Seen, raw source. */
    async all() {
      await c.noop();
      const out: { uid: number; seen: boolean; source: string }[] = [];
      const status = await c.status('INBOX', { messages: true });
      if (!(status ? status.messages : 0)) return out;
      for await (const m of c.fetch('1:*', { uid: true, flags: true, source: true }))
        out.push({ uid: m.uid, seen: m.flags?.has('\\Seen') ?? false, source: m.source?.toString('utf8') ?? '' });
      return out;
    },
    noop: () => c.noop(),
    /** How many mails the INBOX holds, and how many of them are unseen. */
    async counts() {
      await c.noop();
      const s = await c.status('INBOX', { messages: true, unseen: true });
      return s ? { messages: s.messages ?? 0, unseen: s.unseen ?? 0 } : { messages: 0, unseen: 0 };
    },
    markUnseen: (uids: number[]) => c.messageFlagsRemove(uids.join(','), ['\\Seen'], { uid: true }),
    /** Empties the INBOX. */
    async clear() {
      await c.noop();
      const status = await c.status('INBOX', { messages: true });
      if (status ? status.messages : 0) await c.messageDelete('1:*');
    },
    close: () => c.logout(),
  };
}

/**
 * Files many mails into `user`'s INBOX fast: one MULTIAPPEND (RFC 3502, with LITERAL+) per
 * `perCommand` mails on a plain IMAP session, which dovecot stores in one transaction (one
 * APPEND a mail costs a disk sync each). imapflow has no MULTIAPPEND.
 */
export async function appendMany(server: ImapServer, user: string, raws: readonly string[], perCommand = 2000) {
  const socket = connect(server.port, server.host);
  let text = '';
  const waiting: { re: RegExp; done: (line: string) => void; fail: (err: Error) => void }[] = [];
  const check = () => {
    const w = waiting[0];
    const m = w?.re.exec(text);
    if (!w || !m) return;
    text = text.slice(m.index + m[0].length);
    waiting.shift();
    if (/^\S+ OK/.test(m[0]) || /^\* OK/.test(m[0])) w.done(m[0]);
    else w.fail(new Error(`IMAP answered: ${m[0].trim()}`));
  };
  socket.on('data', (d: Buffer) => {
    text += d.toString('latin1');
    check();
  });
  const answer = (tag: string) =>
    new Promise<string>((done, fail) => {
      waiting.push({ re: new RegExp(`^${tag === '*' ? '\\*' : tag} (OK|NO|BAD)[^\r\n]*\r\n`, 'm'), done, fail });
      check();
    });
  try {
    await answer('*');
    socket.write(`l LOGIN "${user}" "${server.password}"\r\n`);
    await answer('l');
    for (let i = 0; i < raws.length; i += perCommand) {
      const literals = raws.slice(i, i + perCommand).map((m) => ` {${Buffer.byteLength(m)}+}\r\n${m}`);
      const tag = `a${i}`;
      socket.write(`${tag} APPEND INBOX${literals.join('')}\r\n`);
      await answer(tag);
    }
    socket.write('z LOGOUT\r\n');
  } finally {
    socket.end();
  }
}

/**
 * An SMTP receiver on an ephemeral port that answers 451 to the first `failFirst` mails and
 * files the others into `target`'s INBOX before it says 250.
 */
export async function smtpReceiver(target: Awaited<ReturnType<typeof mailbox>>, opts: { failFirst?: number } = {}) {
  let refused = 0;
  const envelopes: { from: string; to: string[] }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refused < (opts.failFirst ?? 0)) {
          refused++;
          const err = Object.assign(new Error('try again later'), { responseCode: 451 });
          return done(err);
        }
        envelopes.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        target.deliver(Buffer.concat(chunks)).then(
          () => done(),
          (err: Error) => done(err),
        );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    envelopes,
    refused: () => refused,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Raw RFC 5322 mails from `from` to `to`, with `headers` over the defaults (subject "help"). */
export const rawMail =
  (from: string, to: string) =>
  (headers: Record<string, string>, body = 'hello'): string =>
    `${Object.entries({ From: from, To: to, Subject: 'help', Date: 'Mon, 2 Mar 2026 08:00:00 +0000', ...headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`;
