import { open, readFile, writeFile } from 'node:fs/promises';
import { crc32 } from '../store/lowdb/crc32.ts';

/**
 * The audit file (`audit.ndjson`): one JSON object per line, ending in `"crc":"<8 hex>"`, the
 * CRC-32 of the line without that field, so a changed line is recognised and still every line
 * is plain JSON. Lines without it (written by older versions) are read as they are.
 */
const crcField = /,"crc":"([0-9a-f]{8})"\}$/;

const hex = (text: string) => crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');

export function encodeAuditLine(entry: object): string {
  const json = JSON.stringify(entry);
  return `${json.slice(0, -1)},"crc":"${hex(json)}"}\n`;
}

/** The entry a line holds; undefined when the line is damaged (a wrong checksum, not JSON, no `at`). */
export function decodeAuditLine<T extends { at: string }>(line: string): T | undefined {
  const m = crcField.exec(line);
  const json = m ? `${line.slice(0, m.index)}}` : line;
  if (m && hex(json) !== m[1]) return undefined;
  try {
    const entry = JSON.parse(json) as T;
    return entry && typeof entry === 'object' && typeof entry.at === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}

export interface AuditDamage {
  file: string;
  /** 1-based line number. */
  line: number;
  offset: number;
  problem: string;
  savedAs?: string;
}

/**
 * A crash can leave the last line half-written (nobody was told it was audited: an answer waits
 * for its entry to be durable). That tail is cut, so new entries start on a line of their own,
 * and kept beside the file. Returns what was cut, if anything.
 */
export async function repairAuditTail(file: string): Promise<AuditDamage | undefined> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return undefined;
  const offset = buf.lastIndexOf(0x0a) + 1;
  const savedAs = `${file}.torn-${offset}`;
  await writeFile(savedAs, buf.subarray(offset), { mode: 0o600 });
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(offset);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  let line = 1;
  for (let i = buf.indexOf(0x0a); i !== -1 && i < offset; i = buf.indexOf(0x0a, i + 1)) line++;
  return { file, line, offset, problem: 'a torn last line (cut off and kept aside)', savedAs };
}
