/**
 * One inbound mail → a ticket, a customer reply, an internal note (a robot's mail on a known
 * ticket) or a quarantine entry (with the reason). `take` resolves once what the mail became is
 * durable (the ticket store and the mail index): only then may the mail be marked seen.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { isSwitchboardError, type PluginHost, type Ticket } from '../../src/index.ts';

type HookTickets = PluginHost['tickets'];
import { describeAttachment, keepAttachments } from './attachments.ts';
import { floodReason } from './flood.ts';
import type { SkippedPart } from './mail-parts.ts';
import { mimeProblems, problemNote, rawBody } from './mime-checks.ts';
import type { IndexRecord, MailIndex } from './mail-index.ts';
import type { EmailOptions } from './options.ts';
import { robotReason } from './robots.ts';
import { findThread, messageIds } from './threading.ts';

export type TakeResult = 'ticket' | 'reply' | 'note' | 'quarantine' | 'duplicate';

/** What the reader knows of a mail beyond its bytes: the parts it did not download (mail-parts.ts). */
export interface TakeInfo {
  skipped?: SkippedPart[];
}

export interface MailIntake {
  /**
   * Reads one mail. What it writes to the mail index is synced by the caller (`index.sync()`)
   * before the mail is marked seen: a batch of mails is made durable together.
   */
  take(raw: Buffer, info?: TakeInfo): Promise<TakeResult>;
}

const maxBodyChars = 60_000;

export function createMailIntake(deps: {
  tickets: HookTickets;
  index: MailIndex;
  options: EmailOptions;
  dataDir: string;
  domain: string;
  now: () => Date;
  /**
   * A new ticket came with a public bot answer (the FAQ's at intake): mail it, in reply to the
   * customer's mail (`thread`). Called before the mail is recorded as read, so a crash in
   * between reads the mail again and calls it again (the same answer, one outbox entry).
   */
  answered?: (ticket: Ticket, reply: Ticket['replies'][number], thread: string[]) => Promise<void>;
}): MailIntake {
  const { index, options: o } = deps;
  const support = o.address.toLowerCase();
  /** Sender → when its flood was last noted on its ticket. */
  const flooded = new Map<string, number>();

  const quarantine = (messageId: string, reason: string, mail?: ParsedMail): TakeResult => {
    const from = mail?.from?.value[0]?.address;
    index.write(
      [
        {
          kind: 'quarantine',
          messageId,
          reason,
          at: deps.now().toISOString(),
          ...(from ? { from } : {}),
          ...(mail?.subject ? { subject: mail.subject } : {}),
        },
      ],
      { sync: false },
    );
    return 'quarantine';
  };

  return {
    async take(raw, info = {}) {
      let mail: ParsedMail;
      try {
        mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
      } catch (err) {
        return quarantine(syntheticId(raw), `unreadable MIME: ${(err as Error).message}`);
      }
      const messageId = mail.messageId?.trim() || syntheticId(raw);
      if (index.seen(messageId)) return 'duplicate';
      const sender = mail.from?.value[0];
      const from = sender?.address?.toLowerCase();
      if (!from) return quarantine(messageId, 'the mail has no From address', mail);
      if (from === support) return quarantine(messageId, `sent by the support address ${support} itself`, mail);
      const flood = floodReason(index, from, deps.now(), o.flood);
      if (flood) {
        await noteFlood(from);
        return quarantine(messageId, flood, mail);
      }
      const read = (ticketId: string): IndexRecord => ({
        kind: 'mail',
        messageId,
        ticketId,
        at: deps.now().toISOString(),
        from,
      });

      const header = (name: string) => headerText(mail, name);
      const robot = robotReason(header, from, header('content-type'));
      const references = messageIds(mail.references);
      const inReplyTo = messageIds(mail.inReplyTo)[0];
      const thread = findThread(
        { messageId, references, subject: mail.subject ?? '', ...(inReplyTo ? { inReplyTo } : {}) },
        index,
        deps.domain,
      );
      const subject = (mail.subject ?? '').trim() || '(no subject)';
      const problems = mimeProblems(raw);
      const text =
        problems.length && !mail.text?.trim() && !mail.html ? rawBody(raw, maxBodyChars) || '(no text)' : bodyOf(mail);
      const body = `${text}${problemNote(messageId, problems)}`;

      if (robot) {
        if (!thread || o.robots === 'drop')
          return quarantine(messageId, `automatic mail (${robot}), not answered`, mail);
        const note = `Automatic mail from ${from} (${robot}), not answered:\n${subject}\n\n${body}`;
        const done = await replyOrNone(thread.ticketId, {
          author: system,
          body: note,
          internal: true,
          externalId: messageId,
        });
        if (!done) return quarantine(messageId, `automatic mail (${robot}) for a closed or missing ticket`, mail);
        index.write([read(thread.ticketId)], { sync: false });
        return 'note';
      }

      const attachments = [
        ...keepAttachments(deps.dataDir, messageId, mail.attachments, o.attachments),
        ...(info.skipped ?? []),
      ];
      const people = participants(mail, support);
      const author = { type: 'customer' as const, id: from, ...(sender?.name ? { name: sender.name } : {}) };
      if (thread) {
        const replied = await replyOrNone(thread.ticketId, {
          author,
          body,
          externalId: messageId,
          ...(attachments.length ? { attachments } : {}),
        });
        if (replied) {
          index.write(
            [
              ...refs(references, inReplyTo, replied.id),
              read(replied.id),
              { kind: 'ticket', ticketId: replied.id, number: replied.number, participants: people },
            ],
            { sync: false },
          );
          return 'reply';
        }
      }
      const listing = attachments.length ? `\n\nAttachments:\n${attachments.map(describeAttachment).join('\n')}` : '';
      const followUp = thread ? `\n\n(follow-up of a closed ticket, found by ${thread.by})` : '';
      const ticket = await deps.tickets.create(
        {
          channel: o.channel,
          subject: subject.slice(0, 500),
          description: `${body}${listing}${followUp}`,
          customer: { id: from, email: from, ...(sender?.name ? { name: sender.name } : {}) },
          tags: ['email'],
        },
        { idempotencyKey: `email:${messageId}` },
      );
      for (const r of ticket.replies)
        if (r.author.type === 'bot' && !r.internal)
          await deps.answered?.(ticket, r, [...new Set([...references, ...(inReplyTo ? [inReplyTo] : []), messageId])]);
      index.write(
        [
          ...refs(references, inReplyTo, ticket.id),
          read(ticket.id),
          { kind: 'ticket', ticketId: ticket.id, number: ticket.number, participants: people },
        ],
        { sync: false },
      );
      return 'ticket';
    },
  };

  /**
   * Once per window and sender, an internal note on the sender's newest ticket: agents see that
   * mail is held back, not only the quarantine list.
   */
  async function noteFlood(from: string) {
    const at = deps.now().getTime();
    const last = flooded.get(from);
    if (last !== undefined && last > at - o.flood.windowMs) return;
    flooded.set(from, at);
    const ticketId = index.lastTicketFrom(from);
    if (!ticketId) return;
    await replyOrNone(ticketId, {
      author: system,
      internal: true,
      body: `More than ${o.flood.maxPerSender} mails from ${from} within ${o.flood.windowMs} ms: the others are held back in the email quarantine (GET /api/plugins/email/quarantine), not answered, and stay in the mailbox.`,
    });
  }

  /** A reply on the thread's ticket, or undefined when it is closed or gone (a new ticket then). */
  async function replyOrNone(
    ticketId: string,
    input: Parameters<HookTickets['reply']>[1],
  ): Promise<Ticket | undefined> {
    try {
      return await deps.tickets.reply(ticketId, input);
    } catch (err) {
      if (isSwitchboardError(err) && (err.code === 'SWB_TICKET_CLOSED' || err.code === 'SWB_TICKET_NOT_FOUND'))
        return undefined;
      throw err;
    }
  }
}

const system = { type: 'system' as const, id: 'email', name: 'email' };

const refs = (references: string[], inReplyTo: string | undefined, ticketId: string): IndexRecord[] =>
  [...new Set([...references, ...(inReplyTo ? [inReplyTo] : [])])].map((id) => ({
    kind: 'ref',
    messageId: id,
    ticketId,
  }));

/** A stable stand-in for a missing Message-ID: the same mail read twice gets the same one. */
const syntheticId = (raw: Buffer) => `<${createHash('sha256').update(raw).digest('hex')}@no-message-id.invalid>`;

function headerText(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name);
  if (!line) return undefined;
  const i = line.line.indexOf(':');
  return line.line.slice(i + 1).trim();
}

function bodyOf(mail: ParsedMail): string {
  const text = (mail.text ?? '').replace(/\r\n/g, '\n').trim() || '(no text)';
  return text.length > maxBodyChars ? `${text.slice(0, maxBodyChars)}\n\n[cut at ${maxBodyChars} characters]` : text;
}

/** Everyone on the mail besides the support address: the sender, To and Cc. */
function participants(mail: ParsedMail, support: string): string[] {
  const all = [mail.from, mail.to, mail.cc].flatMap((a) => addresses(a));
  return [...new Set(all.filter((a) => a !== support))];
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) =>
    o.value.flatMap((v) => [
      ...(v.address ? [v.address.toLowerCase()] : []),
      ...(v.group ?? []).flatMap((g) => (g.address ? [g.address.toLowerCase()] : [])),
    ]),
  );
