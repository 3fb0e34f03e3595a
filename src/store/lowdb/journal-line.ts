import type { StoreRecord } from '../store-state.ts';
import { crc32 } from './crc32.ts';

/**
 * One journal line: `<crc32 hex, 8 chars> <json>\n`. The JSON is `{"s":seq,"op":...}`; the
 * checksum covers the JSON bytes, so a torn or scribbled line is recognised and never replayed.
 * JSON.stringify escapes control characters, so a record never contains a raw newline.
 */
export interface JournalEntry {
  seq: number;
  record: StoreRecord;
}

/** The last line of a segment the writer moved on from: records continue in the segment starting at `next`. */
export interface JournalEnd {
  next: number;
}

export function encodeLine(seq: number, record: StoreRecord): Buffer {
  let json: string;
  switch (record.op) {
    case 'put':
      json = `{"s":${seq},"op":"put","t":${record.json}}`;
      break;
    case 'patch':
      json = `{"s":${seq},"op":"patch","d":${record.json}}`;
      break;
    case 'seq':
      json = JSON.stringify({ s: seq, op: 'seq', n: record.name, v: record.value });
      break;
    case 'meta':
      json =
        record.json === undefined
          ? JSON.stringify({ s: seq, op: 'meta', k: record.key })
          : `{"s":${seq},"op":"meta","k":${JSON.stringify(record.key)},"v":${record.json}}`;
      break;
  }
  return checksummed(json);
}

/** Closes a segment: its successor starts at `next`, so a deleted successor is noticed on open. */
export function encodeEnd(next: number): Buffer {
  return checksummed(JSON.stringify({ next }));
}

function checksummed(json: string): Buffer {
  const length = Buffer.byteLength(json, 'utf8');
  const line = Buffer.allocUnsafe(length + 10);
  line.write(json, 9, 'utf8');
  line.write(
    crc32(line, 9, 9 + length)
      .toString(16)
      .padStart(8, '0'),
    0,
    'latin1',
  );
  line[8] = 0x20;
  line[line.length - 1] = 0x0a;
  return line;
}

/** Decodes bytes [start, end) (without the newline); undefined when the line is not intact. */
export function decodeLine(buf: Buffer, start: number, end: number): JournalEntry | undefined {
  const line = decodeAny(buf, start, end);
  return line && 'seq' in line ? line : undefined;
}

/** Like decodeLine, but also recognises a segment's end line. */
export function decodeAny(buf: Buffer, start: number, end: number): JournalEntry | JournalEnd | undefined {
  if (end - start < 11 || buf[start + 8] !== 0x20) return undefined;
  const expected = Number.parseInt(buf.toString('latin1', start, start + 8), 16);
  if (!Number.isInteger(expected) || crc32(buf, start + 9, end) !== expected) return undefined;
  try {
    const raw = JSON.parse(buf.toString('utf8', start + 9, end)) as Record<string, unknown>;
    const seq = raw.s;
    if (typeof raw.next === 'number' && seq === undefined) return { next: raw.next };
    if (typeof seq !== 'number') return undefined;
    if (raw.op === 'put') return { seq, record: { op: 'put', json: JSON.stringify(raw.t) } };
    if (raw.op === 'patch' && raw.d && typeof raw.d === 'object') {
      const d = raw.d as { id?: unknown; from?: unknown };
      if (typeof d.id === 'string' && typeof d.from === 'number')
        return { seq, record: { op: 'patch', id: d.id, from: d.from, json: JSON.stringify(raw.d) } };
    }
    if (raw.op === 'seq' && typeof raw.n === 'string' && typeof raw.v === 'number') {
      return { seq, record: { op: 'seq', name: raw.n, value: raw.v } };
    }
    if (raw.op === 'meta' && typeof raw.k === 'string') {
      return { seq, record: { op: 'meta', key: raw.k, json: 'v' in raw ? JSON.stringify(raw.v) : undefined } };
    }
  } catch {
    // a checksum collision on garbage: treat as not intact
  }
  return undefined;
}
