import { readFile } from 'node:fs/promises';
import type { StoreRecord } from '../store-state.ts';
import { decodeAny } from './journal-line.ts';
import { listSegments } from './segments.ts';

/**
 * The ticket records (puts and patches) of the journal after a snapshot at `coveredSeq`, read
 * without changing any file. Stricter than the replay on open: anything but a clean series
 * (a damaged line, even a torn tail the open would cut; a gap; a missing segment) gives a reason
 * instead, and the caller opens the store, which repairs or reports it.
 */
export type TicketRecord = Extract<StoreRecord, { op: 'put' } | { op: 'patch' }>;

export async function readJournalSince(
  dir: string,
  coveredSeq: number,
): Promise<{ records: TicketRecord[]; lastSeq: number } | string> {
  const segments = await listSegments(dir);
  if (!segments.some((s) => s.start === coveredSeq + 1))
    return `the journal segment after the snapshot (record ${coveredSeq + 1}) is missing`;
  let expected = coveredSeq + 1;
  const records: TicketRecord[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.start > expected) return `${segment.path} starts after record ${expected - 1}: records are missing`;
    const buf = await readFile(segment.path);
    let ended = false;
    for (let pos = 0; pos < buf.length; ) {
      const nl = buf.indexOf(0x0a, pos);
      const line = nl === -1 ? undefined : decodeAny(buf, pos, nl);
      if (!line) return `${segment.path} holds a damaged or unfinished record at byte ${pos}`;
      if (ended) return `${segment.path} has records after its end line`;
      if ('next' in line) ended = true;
      else if (line.seq > coveredSeq) {
        if (line.seq !== expected) return `${segment.path} holds record ${line.seq} where ${expected} belongs`;
        if (line.record.op === 'put' || line.record.op === 'patch') records.push(line.record);
        expected++;
      }
      pos = nl + 1;
    }
    if (ended && i === segments.length - 1) return `${segment.path} names a next segment that is missing`;
  }
  return { records, lastSeq: expected - 1 };
}
