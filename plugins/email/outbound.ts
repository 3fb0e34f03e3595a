/**
 * Public replies on the email channel, mailed to the ticket's requester (and the Cc the options
 * allow). `enqueue` writes the composed mail to the outbox before the reply is stored; `send`
 * starts once the reply is stored; failures retry with a doubling delay on the injected clock.
 * Delivery is at least once: the Message-ID is the same on every attempt, so a receiver sees a
 * retry as the same mail. A 5xx answer or the last attempt ends it as `failed`.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { SwitchboardError, type PluginHost, type Reply, type Ticket, type TimerHandle } from '../../src/index.ts';
import type { MailIndex } from './mail-index.ts';
import { openMailOutbox } from './mail-outbox.ts';
import type { EmailOptions } from './options.ts';
import { outboundMessageId, subjectTag } from './threading.ts';

export interface OutboundMail {
  /** The reply's id: one outbox file per reply. */
  id: string;
  ticketId: string;
  messageId: string;
  to: string;
  cc: string[];
  subject: string;
  text: string;
  inReplyTo?: string;
  references: string[];
  /** Bot replies and notices say they are automatic, so other robots do not answer them. */
  automatic: boolean;
  /** A notice (survey link, call-back, escalation, FAQ answer) rather than a reply: nothing is recorded on a reply. */
  notice?: string;
  attempts: number;
  createdAt: string;
  lastError?: string;
}

/** A mail about a ticket that is not a stored reply: written to the outbox, then sent. */
export interface NoticeMail {
  ticket: Ticket;
  /** What it is (`survey`, `callback`, `escalation`, `faq`). */
  kind: string;
  /** Unique per ticket and kind occurrence (letters, digits, "-", "_"): the Message-ID and outbox file come from it. */
  key: string;
  to: string;
  text: string;
  /** The customer's mail it answers, when it is not the ticket's thread (a FAQ answer at intake). */
  thread?: string[];
}

export interface Outbound {
  /** Writes the reply's mail to the outbox; resolves once it is on disk (before the reply is stored). */
  enqueue(ticket: Ticket, reply: Reply): Promise<void>;
  /** Writes a notice to the outbox (the same key twice: one mail) and starts sending it. */
  notify(notice: NoticeMail): Promise<void>;
  /** The reply is stored: send its mail now (no-op when none is queued). */
  send(replyId: string): Promise<void>;
  /** After a restart: send what is left; drop mail of replies that were never stored. */
  resume(): Promise<void>;
  pending(): number;
  failed(): OutboundMail[];
  close(): Promise<void>;
}

export function createOutbound(deps: {
  options: EmailOptions;
  host: Pick<PluginHost, 'clock' | 'logger' | 'tickets' | 'dataDir'>;
  index: MailIndex;
  domain: string;
  transport?: Transporter;
}): Outbound {
  const { options: o, host } = deps;
  const outbox = openMailOutbox<OutboundMail>(host.dataDir);
  const transport =
    deps.transport ??
    createTransport({
      host: o.smtp.host,
      port: o.smtp.port,
      secure: o.smtp.secure,
      ...(o.smtp.user ? { auth: { user: o.smtp.user, pass: o.smtp.password ?? '' } } : {}),
      // several connections at once, each kept open for many mails
      pool: true,
      maxConnections: 10,
      maxMessages: Number.POSITIVE_INFINITY,
    });
  const timers = new Map<string, TimerHandle>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let outage = false;

  const ccAllowed = (address: string) =>
    o.cc.some((rule) => (rule.startsWith('@') ? address.endsWith(rule.toLowerCase()) : address === rule.toLowerCase()));

  const finish = async (mail: OutboundMail, outcome: { state: 'sent' | 'failed'; error?: string }) => {
    if (mail.notice) return;
    try {
      await host.tickets.recordDelivery(mail.ticketId, mail.id, outcome);
    } catch (err) {
      host.logger.warn(`could not record ${outcome.state} for reply ${mail.id}: ${(err as Error).message}`);
    }
  };

  const attempt = async (mail: OutboundMail): Promise<void> => {
    timers.delete(mail.id);
    if (closed) return;
    let error: string;
    let permanent = false;
    try {
      await transport.sendMail({
        from: { name: o.name, address: o.address },
        to: mail.to,
        ...(mail.cc.length ? { cc: mail.cc } : {}),
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references.length ? { references: mail.references } : {}),
        headers: mail.automatic ? { 'Auto-Submitted': 'auto-replied' } : {},
      });
      if (outage) host.logger.info(`SMTP ${o.smtp.host}:${o.smtp.port} takes mail again`);
      outage = false;
      await finish(mail, { state: 'sent' });
      outbox.remove(mail.id);
      return;
    } catch (err) {
      const e = err as { responseCode?: number; response?: string; message?: string };
      permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      error = e.response ? `the server answered "${e.response}"` : (e.message ?? String(err));
      if (!e.responseCode && !outage) {
        outage = true;
        const reported = new SwitchboardError(
          'SWB_EMAIL_CONNECT',
          `SMTP ${o.smtp.host}:${o.smtp.port}: ${error}; check the email plugin's smtp options — mail stays in the outbox and is retried`,
          { host: o.smtp.host, port: o.smtp.port },
        );
        host.logger.error(reported.message, { code: reported.code });
      }
    }
    const next: OutboundMail = { ...mail, attempts: mail.attempts + 1, lastError: error };
    if (permanent || next.attempts >= o.outbound.maxAttempts) {
      outbox.bury(next);
      const why = permanent ? error : `${error} (gave up after ${next.attempts} attempts)`;
      host.logger.error(new SwitchboardError('SWB_EMAIL_SEND', `reply ${mail.id} to ${mail.to}: ${why}`).message);
      await finish(next, { state: 'failed', error: why });
      return;
    }
    // the attempt count is not worth a sync of its own: it goes to disk with the next one
    outbox.put(next).catch((err: Error) => host.logger.warn(`outbox: ${err.message}`));
    schedule(next, Math.min(o.outbound.maxBackoffMs, o.outbound.backoffMs * 2 ** (next.attempts - 1)));
  };

  const run = (mail: OutboundMail) => {
    const p = attempt(mail).finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  const schedule = (mail: OutboundMail, ms: number) => {
    if (closed || timers.has(mail.id)) return;
    if (ms <= 0) return void run(mail);
    timers.set(
      mail.id,
      host.clock.setTimer(() => run(mail), ms),
    );
  };

  const subjectOf = (ticket: Ticket) => {
    const tag = subjectTag(ticket.number);
    return ticket.subject.includes(tag) ? `Re: ${ticket.subject}` : `Re: ${tag} ${ticket.subject}`;
  };

  return {
    async notify(n) {
      const key = `${n.kind}-${n.key}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const id = `n-${n.ticket.id.replace(/[^A-Za-z0-9_-]/g, '_')}-${key}`;
      if (outbox.has(id) || timers.has(id)) return;
      const thread = n.thread ?? deps.index.threadOf(n.ticket.id);
      const mail: OutboundMail = {
        id,
        ticketId: n.ticket.id,
        messageId: outboundMessageId(n.ticket.id, key, deps.domain),
        to: n.to,
        cc: [],
        subject: subjectOf(n.ticket),
        text: n.text,
        ...(thread.length ? { inReplyTo: thread[thread.length - 1] as string } : {}),
        references: thread,
        automatic: true,
        notice: n.kind,
        attempts: 0,
        createdAt: host.clock.now().toISOString(),
      };
      await outbox.put(mail); // durable before the first attempt
      await run(mail);
    },
    async enqueue(ticket, reply) {
      const to = ticket.customer.email;
      if (!to)
        throw new Error(`ticket ${ticket.number} has no customer email: set customer.email so the reply can be mailed`);
      const thread = deps.index.threadOf(ticket.id);
      const subject = subjectOf(ticket);
      const requester = to.toLowerCase();
      const cc = deps.index
        .participants(ticket.id)
        .filter((a) => a !== requester && a !== o.address.toLowerCase() && ccAllowed(a));
      const messageId = outboundMessageId(ticket.id, reply.id, deps.domain);
      const written = outbox.put({
        id: reply.id,
        ticketId: ticket.id,
        messageId,
        to,
        cc,
        subject,
        text: reply.body,
        ...(thread.length ? { inReplyTo: thread[thread.length - 1] as string } : {}),
        references: thread,
        automatic: reply.author.type === 'bot',
        attempts: 0,
        createdAt: reply.at,
      });
      // our Message-IDs name their ticket, so losing this record to a crash costs only its place in References
      deps.index.write([{ kind: 'ref', messageId, ticketId: ticket.id }], { sync: false });
      await written;
    },
    async send(replyId) {
      const mail = outbox.get(replyId);
      if (mail && !timers.has(mail.id)) await run(mail);
    },
    async resume() {
      for (const mail of outbox.list()) {
        if (mail.notice) {
          schedule(mail, 0);
          continue;
        }
        let ticket: Ticket | undefined;
        try {
          ticket = await host.tickets.get(mail.ticketId);
        } catch {
          ticket = undefined;
        }
        const reply = ticket?.replies.find((r) => r.id === mail.id);
        if (!reply) {
          host.logger.warn(`dropping outbox mail ${mail.messageId}: its reply was never stored`);
          outbox.remove(mail.id);
        } else if (reply.delivery === 'sent') outbox.remove(mail.id);
        else schedule(mail, 0);
      }
    },
    pending: () => outbox.size(),
    failed: () => outbox.dead(),
    async close() {
      closed = true;
      for (const t of timers.values()) host.clock.clearTimer(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      transport.close();
      outbox.close();
    },
  };
}
