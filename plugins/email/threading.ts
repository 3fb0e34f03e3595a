/**
 * Which ticket a mail belongs to: its Message-ID, In-Reply-To and References first (the newest
 * reference first), then a ticket number in the subject (`[#20261123001]`) of a ticket this
 * plugin serves. Never the subject text itself: two mails both titled "help" are two tickets.
 */

/** Our outbound Message-IDs carry the ticket: `<swb.<ticketId>.<replyId>@<domain>>`. */
export const outboundMessageId = (ticketId: string, replyId: string, domain: string) =>
  `<swb.${ticketId}.${replyId}@${domain}>`;

export function ticketOfOutbound(messageId: string, domain: string): string | undefined {
  const m = /^<swb\.([^.@>]+)\.[^.@>]+@([^>]+)>$/.exec(messageId);
  return m && m[2]?.toLowerCase() === domain.toLowerCase() ? m[1] : undefined;
}

/** `[#<number>]` as outbound subjects carry it. */
export const subjectTag = (number: string) => `[#${number}]`;
export const numberInSubject = (subject: string): string | undefined => /\[#(\d{6,})\]/.exec(subject)?.[1];

export interface ThreadLookup {
  ticketOf(messageId: string): string | undefined;
  ticketByNumber(number: string): string | undefined;
}

export interface MailIds {
  messageId: string;
  inReplyTo?: string;
  references: string[];
  subject: string;
}

export function findThread(
  mail: MailIds,
  index: ThreadLookup,
  domain: string,
): { ticketId: string; by: string } | undefined {
  const ids = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse(), mail.messageId];
  for (const id of ids) {
    const ticketId = ticketOfOutbound(id, domain) ?? index.ticketOf(id);
    if (ticketId) return { ticketId, by: id === mail.messageId ? 'Message-ID' : `reference ${id}` };
  }
  const number = numberInSubject(mail.subject);
  const byNumber = number ? index.ticketByNumber(number) : undefined;
  return byNumber ? { ticketId: byNumber, by: `ticket number ${number} in the subject` } : undefined;
}

/** Message-ID lists as headers carry them: `<a@x> <b@y>` → ['<a@x>', '<b@y>']. */
export function messageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return text.match(/<[^<>\s]+>/g) ?? [];
}
