/**
 * Attachments of inbound mail, kept in `<dataDir>/attachments/<mail key>/` within the count and
 * size limits of the options; one over a limit is kept out and listed with the reason.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplyAttachment } from '../../src/index.ts';

export interface MailAttachment {
  filename?: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export const mailKey = (messageId: string) => createHash('sha256').update(messageId).digest('hex').slice(0, 32);

const safeName = (name: string) => name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'attachment';

export function keepAttachments(
  dataDir: string,
  messageId: string,
  files: readonly MailAttachment[],
  limits: { maxBytes: number; maxCount: number },
): ReplyAttachment[] {
  const dir = join('attachments', mailKey(messageId));
  let kept = 0;
  return files.map((file, i) => {
    const name = file.filename || `attachment-${i + 1}`;
    const listed = { name, type: file.contentType, size: file.size };
    if (file.size > limits.maxBytes)
      return { ...listed, skipped: `larger than the limit of ${limits.maxBytes} bytes (attachments.maxBytes)` };
    if (kept >= limits.maxCount)
      return { ...listed, skipped: `more than ${limits.maxCount} attachments (attachments.maxCount)` };
    kept++;
    mkdirSync(join(dataDir, dir), { recursive: true });
    const stored = join(dir, `${i + 1}-${safeName(name)}`);
    const tmp = join(dataDir, `${stored}.tmp`);
    writeFileSync(tmp, file.content);
    renameSync(tmp, join(dataDir, stored));
    return { ...listed, stored };
  });
}

export const describeAttachment = (a: ReplyAttachment) =>
  `${a.name} (${a.type}, ${a.size} bytes)${a.skipped ? ` — not kept: ${a.skipped}` : ''}`;
