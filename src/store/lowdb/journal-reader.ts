import { open, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { decodeAny, type JournalEntry } from './journal-line.ts';
import { isTornTail } from './torn-tail.ts';
import { segmentName, type Segment } from './segments.ts';
import { storeCorrupt } from './store-corrupt.ts';

export interface ReplayResult {
  /** The last sequence number now applied (the snapshot's when the journal adds nothing). */
  lastSeq: number;
  /** What was cut from the newest segment's end: a torn last write, never an acknowledged one. */
  truncated: { path: string; offset: number; bytes: number; savedAs?: string }[];
}

/**
 * Replays every record after `coveredSeq`, in order, and refuses anything a crash cannot explain
 * (SWB_STORE_CORRUPT with the file and byte offset): a damaged record anywhere but at the very
 * end of the newest segment, an intact record after a damaged one, records out of order or
 * missing, a segment missing from the series (its predecessor's end line names it). The only
 * damage repaired is a torn tail (see torn-tail.ts): it is cut off, so new appends never follow
 * garbage, and kept beside the segment.
 */
export async function replaySegments(
  segments: Segment[],
  coveredSeq: number,
  /** Applies one record; a returned text says why it cannot be applied (the journal is then corrupt). */
  apply: (entry: JournalEntry) => string | undefined,
): Promise<ReplayResult> {
  let expected = coveredSeq + 1;
  let lines = 0;
  const truncated: ReplayResult['truncated'] = [];

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const newest = i === segments.length - 1;
    if (segment.start > expected) {
      throw storeCorrupt(
        segment.path,
        0,
        `starts at record ${segment.start}, but records ${expected} to ${segment.start - 1} are in no journal segment`,
      );
    }
    const buf = await readFile(segment.path);
    let pos = 0;
    let next: number | undefined;
    while (pos < buf.length) {
      if (++lines % 1000 === 0) await yieldToLoop(); // replaying is boot work, but keep the loop responsive
      const nl = buf.indexOf(0x0a, pos);
      const line = nl === -1 ? undefined : decodeAny(buf, pos, nl);
      if (!line) {
        if (newest && isTornTail(buf, pos)) {
          truncated.push(await cutTail(segment.path, buf, pos));
          break;
        }
        throw storeCorrupt(segment.path, pos, 'holds a damaged record that is not a torn last write');
      }
      if (next !== undefined) throw storeCorrupt(segment.path, pos, 'has records after its end line');
      if ('next' in line) {
        next = line.next;
      } else if (line.seq > coveredSeq) {
        if (line.seq !== expected) {
          throw storeCorrupt(
            segment.path,
            pos,
            line.seq > expected
              ? `jumps from record ${expected - 1} to ${line.seq}: records are missing`
              : `holds record ${line.seq} where record ${expected} belongs: records are out of order`,
          );
        }
        const problem = apply(line);
        if (problem) throw storeCorrupt(segment.path, pos, problem);
        expected++;
      }
      pos = nl! + 1;
    }
    if (next !== undefined && newest) {
      throw storeCorrupt(
        segment.path,
        buf.length,
        `ends by naming ${segmentName(next)} as the next segment, which is missing`,
      );
    }
  }
  return { lastSeq: expected - 1, truncated };
}

async function cutTail(path: string, buf: Buffer, offset: number) {
  const tail = buf.subarray(offset);
  const savedAs = `${path}.torn-${offset}`;
  await writeFile(savedAs, tail, { mode: 0o600 });
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(offset);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return { path: basename(path), offset, bytes: tail.length, savedAs: basename(savedAs) };
}
