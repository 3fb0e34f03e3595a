/**
 * A mail over `maxMessageBytes` is not downloaded whole. Its BODYSTRUCTURE (sizes as the server
 * reports them) says which parts fit: the text first, then the attachments in order, within
 * `maxMessageBytes` in total and `attachments.maxBytes` each. Only those parts are fetched and put
 * back together as a smaller MIME mail with the original headers; the others are listed with name,
 * type and size and the reason, and stay in the mailbox.
 */
import { createHash } from 'node:crypto';
import type { MessageStructureObject } from 'imapflow';

export interface SkippedPart {
  name: string;
  type: string;
  /** Decoded bytes, estimated from the encoded size the server reports. */
  size: number;
  skipped: string;
}

export interface PartPlan {
  /** Part numbers to fetch (with their `.MIME` headers). */
  fetch: string[];
  skipped: SkippedPart[];
}

interface Leaf {
  part: string;
  type: string;
  name?: string;
  size: number;
  attachment: boolean;
}

/** The decoded size of a part: base64 (76 characters and CRLF a line) carries 3 bytes in 4 characters. */
export function decodedSize(encodedBytes: number, encoding?: string): number {
  if (encoding?.toLowerCase() !== 'base64') return encodedBytes;
  const chars = encodedBytes - 2 * Math.floor(encodedBytes / 78);
  return Math.floor((chars * 3) / 4);
}

function leaves(node: MessageStructureObject, out: Leaf[] = []): Leaf[] {
  if (node.childNodes?.length) {
    for (const child of node.childNodes) leaves(child, out);
    return out;
  }
  const name = node.dispositionParameters?.filename ?? node.parameters?.name;
  const type = (node.type ?? 'application/octet-stream').toLowerCase();
  out.push({
    part: node.part ?? '1',
    type,
    ...(name ? { name } : {}),
    size: decodedSize(node.size ?? 0, node.encoding),
    attachment: node.disposition === 'attachment' || !type.startsWith('text/') || name !== undefined,
  });
  return out;
}

export function planParts(
  structure: MessageStructureObject,
  totalBytes: number,
  limits: { maxMessageBytes: number; attachments: { maxBytes: number } },
): PartPlan {
  const all = leaves(structure);
  const over = `the mail is ${totalBytes} bytes, over maxMessageBytes (${limits.maxMessageBytes})`;
  // a single-part mail: its body is the whole mail, over the limit
  if (!structure.childNodes?.length) {
    const [only] = all;
    return {
      fetch: [],
      skipped: only
        ? [{ name: only.name ?? 'mail text', type: only.type, size: only.size, skipped: `${over}: not downloaded` }]
        : [],
    };
  }
  let budget = limits.maxMessageBytes;
  const fetch: string[] = [];
  const skipped: SkippedPart[] = [];
  const ordered = [...all.filter((l) => !l.attachment), ...all.filter((l) => l.attachment)];
  for (const leaf of ordered) {
    const listed = { name: leaf.name ?? (leaf.attachment ? `part-${leaf.part}` : 'mail text'), type: leaf.type };
    if (leaf.attachment && leaf.size > limits.attachments.maxBytes)
      skipped.push({
        ...listed,
        size: leaf.size,
        skipped: `larger than the limit of ${limits.attachments.maxBytes} bytes (attachments.maxBytes); not downloaded (${over})`,
      });
    else if (leaf.size > budget) skipped.push({ ...listed, size: leaf.size, skipped: `${over}: not downloaded` });
    else {
      budget -= leaf.size;
      fetch.push(leaf.part);
    }
  }
  fetch.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { fetch, skipped };
}

/**
 * The original headers (without their Content-* lines) over a multipart/mixed of the fetched
 * parts, each with its own MIME headers: a mail mailparser reads like the original, smaller.
 */
export function rebuildMail(headers: Buffer, parts: { mime: Buffer; body: Buffer }[]): Buffer {
  const lines = headers
    .toString('binary')
    .replace(/\r?\n\r?\n$/, '')
    .split(/\r?\n(?![ \t])/);
  const kept = lines.filter((l) => l && !/^content-(type|transfer-encoding)\s*:/i.test(l));
  // from the headers: the same mail read twice is rebuilt byte for byte (a missing Message-ID is a hash of it)
  const boundary = `swb-part-${createHash('sha256').update(headers).digest('hex').slice(0, 32)}`;
  const out: Buffer[] = [
    Buffer.from(`${kept.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`, 'binary'),
  ];
  for (const p of parts) out.push(Buffer.from(`--${boundary}\r\n`), p.mime, p.body, Buffer.from('\r\n'));
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}
