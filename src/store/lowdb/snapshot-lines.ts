import { open, readFile } from 'node:fs/promises';
import { crc32 } from './crc32.ts';
import { crcHex } from './checked-lines.ts';
import { snapshotFormat } from './snapshot-file.ts';

/**
 * Reading parts of a format-2 `tickets.json` without parsing its ticket lines, for readers that
 * need only its head and a few tickets. Nothing here repairs or writes: a file that is not
 * exactly as a compaction writes it gives a reason instead (the caller then opens the store,
 * which reports the problem properly).
 */
export interface SnapshotEnds {
  /** The journal record the snapshot covers. */
  seq: number;
  /** 8 hex digits per ticket line, in order (the check line's `tickets`). */
  sums: string;
}

const chunk = 1 << 20;

/** Bytes [position, position + length) of an open file. */
async function readAt(handle: import('node:fs/promises').FileHandle, position: number, length: number) {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The head line's seq and the check line's sums, reading only the file's two ends. */
export async function readSnapshotEnds(path: string): Promise<SnapshotEnds | string> {
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return `${path} does not exist`;
    return `${path} cannot be read (${String(e)})`;
  }
  try {
    const size = (await handle.stat()).size;
    let head: Buffer | undefined;
    for (let n = chunk; !head; n *= 4) {
      const start = await readAt(handle, 0, Math.min(n, size));
      const nl = start.indexOf(0x0a);
      if (nl !== -1) head = start.subarray(0, nl);
      else if (start.length >= size) return `${path} has no ticket lines after its head`;
    }
    let tail: Buffer | undefined;
    for (let n = chunk; !tail; n *= 4) {
      const from = Math.max(0, size - n);
      const end = await readAt(handle, from, size - from);
      const last = end.length > 0 && end[end.length - 1] === 0x0a ? end.length - 1 : end.length;
      const nl = end.lastIndexOf(0x0a, last - 1);
      if (nl !== -1) tail = end.subarray(nl + 1, last);
      else if (from === 0) return `${path} has no check line`;
    }
    return fromEnds(path, head.toString('utf8'), tail.toString('utf8'));
  } finally {
    await handle.close();
  }
}

function fromEnds(path: string, head: string, tail: string): SnapshotEnds | string {
  if (!head.endsWith('"tickets":[')) return `${path} does not start with a snapshot's head line`;
  let parsed: { format?: unknown; seq?: unknown };
  let check: { head?: unknown; tickets?: unknown } | undefined;
  try {
    parsed = JSON.parse(`${head}]}`) as typeof parsed;
    check = tail.startsWith('],"check":')
      ? (JSON.parse(`{${tail.slice(2)}`) as { check?: typeof check }).check
      : undefined;
  } catch {
    return `${path} has a head or check line that is not JSON`;
  }
  if (parsed.format !== snapshotFormat) return `${path} is format ${String(parsed.format)} (no check line)`;
  if (!Number.isInteger(parsed.seq)) return `${path} names no journal record it covers`;
  if (typeof check?.head !== 'string' || typeof check.tickets !== 'string' || check.tickets.length % 8 !== 0)
    return `${path} has no check line (its end is missing or damaged)`;
  if (crcHex(head) !== check.head) return `${path} has a head line that fails its checksum`;
  return { seq: parsed.seq as number, sums: check.tickets };
}

/** The id a ticket line starts with, read from its first bytes (undefined when the line must be parsed). */
function quickId(buf: Buffer, start: number, end: number): string | undefined {
  // {"id":"
  if (
    buf[start] !== 0x7b ||
    buf[start + 1] !== 0x22 ||
    buf[start + 2] !== 0x69 ||
    buf[start + 3] !== 0x64 ||
    buf[start + 4] !== 0x22 ||
    buf[start + 5] !== 0x3a ||
    buf[start + 6] !== 0x22
  )
    return undefined;
  const quote = buf.indexOf(0x22, start + 7);
  if (quote === -1 || quote >= end) return undefined;
  const backslash = buf.indexOf(0x5c, start + 7);
  if (backslash !== -1 && backslash < quote) return undefined; // an escape: parse the line
  return buf.toString('utf8', start + 7, quote);
}

/**
 * The text of the ticket lines whose id is in `ids`, each verified against the check line's sum
 * for its position; the file must still be the one `ends` was read from (same head and count).
 * Ids it does not hold are absent from the answer.
 */
export async function findSnapshotLines(
  path: string,
  ends: SnapshotEnds,
  ids: ReadonlySet<string>,
): Promise<Map<string, string> | string> {
  const found = new Map<string, string>();
  if (ids.size === 0) return found;
  const buf = await readFile(path);
  const first = buf.indexOf(0x0a);
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0x0a) end--;
  const tailStart = buf.lastIndexOf(0x0a, end - 1) + 1;
  const check = fromEnds(path, buf.toString('utf8', 0, first), buf.toString('utf8', tailStart, end));
  if (typeof check === 'string') return check;
  if (check.seq !== ends.seq || check.sums !== ends.sums) return `${path} changed while it was read`;
  const count = ends.sums.length / 8;
  let i = 0;
  for (let pos = first + 1; pos < tailStart; i++) {
    const nl = buf.indexOf(0x0a, pos);
    const lineEnd = buf[nl - 1] === 0x2c ? nl - 1 : nl;
    let id = quickId(buf, pos, lineEnd);
    if (id === undefined) {
      try {
        id = (JSON.parse(buf.toString('utf8', pos, lineEnd)) as { id?: unknown }).id as string;
      } catch {
        return `${path}: ticket line ${i + 1} is not JSON`;
      }
    }
    if (ids.has(id)) {
      if (i >= count) return `${path} holds more ticket lines than its check line lists`;
      const sum = crc32(buf, pos, lineEnd).toString(16).padStart(8, '0');
      if (sum !== ends.sums.slice(i * 8, i * 8 + 8)) return `${path}: ticket line ${i + 1} fails its checksum`;
      found.set(id, buf.toString('utf8', pos, lineEnd));
    }
    pos = nl + 1;
  }
  if (i !== count) return `${path} holds ${i} ticket lines, its check line lists ${count}`;
  return found;
}
