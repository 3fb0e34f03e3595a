/**
 * What mailparser reads past without a word: a multipart without its boundary (no text at all),
 * a multipart that is never closed (cut off in transit), a charset no decoder knows (read as
 * UTF-8). The mail is still read; the problems are written on what it became, with its
 * Message-ID, so an agent knows the text may be incomplete or garbled.
 */

const contentTypes = /^content-type:([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/gim;
const param = (value: string, name: string) =>
  new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value)?.slice(1).find(Boolean);

const knownCharset = (label: string) => {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
};

/** The problems of a raw mail's MIME structure and charsets (none for a sound mail). */
export function mimeProblems(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const out = new Set<string>();
  for (const m of text.matchAll(contentTypes)) {
    const value = (m[1] ?? '').replace(/\r?\n[ \t]/g, ' ').trim();
    const type = value.split(';')[0]?.trim().toLowerCase() ?? '';
    const charset = param(value, 'charset');
    if (charset && !knownCharset(charset))
      out.add(`unknown charset "${charset}": the text was read as UTF-8 and may show wrong characters`);
    if (!type.startsWith('multipart/')) continue;
    const boundary = param(value, 'boundary');
    if (!boundary) out.add(`malformed MIME: ${type} without a boundary; the body is shown as it came`);
    else if (!text.includes(`--${boundary}`))
      out.add(`malformed MIME: the boundary of ${type} never appears; the body is shown as it came`);
    else if (!text.includes(`--${boundary}--`))
      out.add(`malformed MIME: ${type} is never closed (cut off?); parts may be missing`);
  }
  return [...out];
}

/** The body as it came (after the header block), for a mail whose structure gave no text. */
export function rawBody(raw: Buffer, maxChars: number): string {
  const text = raw.toString('utf8');
  const start = text.search(/\r?\n\r?\n/);
  const body = (start < 0 ? '' : text.slice(start).trim()).replace(/\r\n/g, '\n');
  return body.length > maxChars ? `${body.slice(0, maxChars)}\n\n[cut at ${maxChars} characters]` : body;
}

export const problemNote = (messageId: string, problems: readonly string[]) =>
  problems.length ? `\n\n(read with problems, Message-ID ${messageId}: ${problems.join('; ')})` : '';
