import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveDirName } from './archive-file.ts';
import { crc32 } from './crc32.ts';
import { decodeAny, type JournalEntry } from './journal-line.ts';
import { splitLineArray } from './line-file.ts';
import type { Segment } from './segments.ts';

/** What recovery found in one file. */
export interface FileFinding {
  file: string;
  status: 'ok' | 'damaged' | 'missing';
  recordsKept: number;
  recordsLost: number;
  damage: { offset: number; bytes: number; problem: string }[];
}

export interface SnapshotRead {
  finding: FileFinding;
  head?: { seq?: number; sequences?: Record<string, number>; meta?: Record<string, unknown> };
  tickets: string[];
}

const hex = (text: string) => crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');

const isTicketJson = (text: string): boolean => {
  try {
    const t = JSON.parse(text) as { id?: unknown; version?: unknown };
    return typeof t?.id === 'string' && typeof t.version === 'number';
  } catch {
    return false;
  }
};

/**
 * Every ticket line of a snapshot that can be trusted: in format 2, each line whose checksum is
 * one the check line lists (so a changed line is dropped, a moved one kept); without checks,
 * each line that is a ticket. The head is used when it parses, checked or not (its sequences
 * are raised to the journal's later, so no number is handed out twice).
 */
export async function readSnapshotLeniently(file: string): Promise<SnapshotRead> {
  const finding: FileFinding = { file, status: 'ok', recordsKept: 0, recordsLost: 0, damage: [] };
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return { finding: { ...finding, status: 'missing' }, tickets: [] };
  }
  const damaged = (offset: number, bytes: number, problem: string) => {
    finding.status = 'damaged';
    finding.damage.push({ offset, bytes, problem });
  };
  const split = await splitLineArray(buf, '[', () => true);
  if (!split) {
    try {
      const whole = JSON.parse(buf.toString('utf8')) as SnapshotRead['head'] & { tickets?: unknown[] };
      const tickets = (whole.tickets ?? []).map((t) => JSON.stringify(t)).filter(isTicketJson);
      finding.recordsKept = tickets.length;
      return { finding, head: whole, tickets };
    } catch {
      damaged(0, buf.length, 'not in the snapshot layout and not JSON: nothing could be read');
      return { finding, tickets: [] };
    }
  }
  let head: SnapshotRead['head'];
  try {
    head = JSON.parse(`${split.head}]}`) as SnapshotRead['head'];
  } catch {
    damaged(0, Buffer.byteLength(split.head), 'the head line (sequences, settings, archive index) is not JSON');
  }
  let sums: Set<string> | undefined;
  try {
    const check = (JSON.parse(`{${split.tail.slice(2)}`) as { check?: { head?: string; tickets?: string } }).check;
    if (typeof check?.tickets === 'string') {
      sums = new Set(check.tickets.match(/.{8}/g) ?? []);
      if (check.head !== hex(split.head)) damaged(0, Buffer.byteLength(split.head), 'the head line fails its checksum');
    }
  } catch {
    if ((head as { format?: number } | undefined)?.format === 2)
      damaged(split.tailOffset, 0, 'the check line is damaged');
  }
  const tickets: string[] = [];
  for (let i = 0; i < split.items.length; i++) {
    const item = split.items[i]!;
    if ((sums ? sums.has(hex(item)) : true) && isTicketJson(item)) tickets.push(item);
    else damaged(split.offsets[i]!, Buffer.byteLength(item), `ticket line ${i + 1} is damaged`);
  }
  finding.recordsKept = tickets.length;
  finding.recordsLost = split.items.length - tickets.length;
  if (sums && sums.size > tickets.length) {
    finding.status = 'damaged';
    finding.recordsLost = Math.max(finding.recordsLost, sums.size - tickets.length);
  }
  return { finding, ...(head ? { head } : {}), tickets };
}

/** Every intact journal record of a segment, and where the damaged bytes are. */
export async function readSegmentLeniently(
  segment: Segment,
): Promise<{ finding: FileFinding; entries: JournalEntry[]; next?: number }> {
  const buf = await readFile(segment.path);
  const finding: FileFinding = { file: segment.path, status: 'ok', recordsKept: 0, recordsLost: 0, damage: [] };
  const entries: JournalEntry[] = [];
  let next: number | undefined;
  let badStart = -1;
  const closeBad = (end: number) => {
    if (badStart < 0) return;
    finding.status = 'damaged';
    finding.recordsLost++;
    finding.damage.push({ offset: badStart, bytes: end - badStart, problem: 'damaged record(s)' });
    badStart = -1;
  };
  for (let pos = 0; pos < buf.length; ) {
    const nl = buf.indexOf(0x0a, pos);
    const end = nl === -1 ? buf.length : nl;
    const line = nl === -1 ? undefined : decodeAny(buf, pos, nl);
    if (line) {
      closeBad(pos);
      if ('seq' in line) entries.push(line);
      else next = line.next;
    } else if (badStart < 0) badStart = pos;
    pos = end + 1;
  }
  closeBad(buf.length);
  finding.recordsKept = entries.length;
  return { finding, entries, ...(next === undefined ? {} : { next }) };
}

/** The ticket lines of every archive month file that can be read. */
export async function readArchiveLeniently(dir: string): Promise<{ findings: FileFinding[]; tickets: string[] }> {
  const archiveDir = join(dir, archiveDirName);
  let names: string[];
  try {
    names = (await readdir(archiveDir)).filter((n) => /^\d{4}-\d{2}\.json$/.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { findings: [], tickets: [] };
    throw e;
  }
  const findings: FileFinding[] = [];
  const tickets: string[] = [];
  for (const name of names) {
    const read = await readSnapshotLeniently(join(archiveDir, name));
    findings.push(read.finding);
    tickets.push(...read.tickets);
  }
  return { findings, tickets };
}
