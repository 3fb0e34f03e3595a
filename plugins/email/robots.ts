/**
 * Mail written by a machine (auto-replies, out-of-office, bounces, lists). Such mail is never
 * answered, so two robots cannot mail each other forever.
 */

/** Header name (lower case) → value, as the parsed mail has them. */
export type HeaderLookup = (name: string) => string | undefined;

/** Why the mail is a robot's, or undefined for a person's mail. */
export function robotReason(header: HeaderLookup, from: string | undefined, contentType?: string): string | undefined {
  const auto = header('auto-submitted')?.trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const h of ['x-autoreply', 'x-autorespond', 'x-auto-response'])
    if (header(h) !== undefined) return `${h} header`;
  const local = from?.split('@')[0]?.toLowerCase() ?? '';
  if (['mailer-daemon', 'postmaster', 'noreply', 'no-reply'].includes(local)) return `sender ${from}`;
  if (contentType?.toLowerCase().startsWith('multipart/report')) return 'delivery report (multipart/report)';
  return undefined;
}
