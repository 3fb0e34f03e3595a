/**
 * The flood guard: at most `maxPerSender` mails from one address become tickets, replies or
 * notes within any `windowMs`; the others go to quarantine with the reason (the mail stays in the
 * mailbox, marked seen). A mail bomb of thousands of mails costs thousands of quarantine lines,
 * not thousands of tickets or answers. The window counts the mails the index recorded, so it
 * holds across a restart.
 */
import type { MailIndex } from './mail-index.ts';

export interface FloodLimits {
  maxPerSender: number;
  windowMs: number;
}

/** Why a mail from `from` is held back now, or undefined when it may go on. */
export function floodReason(
  index: Pick<MailIndex, 'mailsFrom'>,
  from: string,
  now: Date,
  limits: FloodLimits,
): string | undefined {
  if (limits.maxPerSender <= 0) return undefined;
  const times = index.mailsFrom(from);
  const since = now.getTime() - limits.windowMs;
  let recent = 0;
  for (let i = times.length - 1; i >= 0 && (times[i] as number) > since; i--) recent++;
  if (recent < limits.maxPerSender) return undefined;
  return `flood: ${from} already sent ${recent} mails within ${limits.windowMs} ms (flood.maxPerSender ${limits.maxPerSender}); held back, not answered, it stays in the mailbox`;
}
