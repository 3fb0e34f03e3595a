import { open, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { decodeLine, type JournalEntry } from './journal-line.ts';
import type { Segment } from './segments.ts';

export interface ReplayResult {
  /** The last sequence number now applied (the snapshot's when the journal adds nothing). */
  lastSeq: number;
  /** What was cut from segment tails: a torn last write, never an acknowledged one. */
  truncated: { path: string; offset: number; bytes: number; savedAs?: string }[];
}

/**
 * Replays every record after `coveredSeq`, in order. The first line that is not intact ends a
 * segment: a crash can tear only the batch that was being written, which nobody was told about.
 * That tail is cut off (so new appends never follow garbage); if intact lines followed the bad
 * one, the cut bytes are kept beside the segment for inspection. A gap between the records that
 * remain means acknowledged data is missing: that is corruption and is reported, not skipped.
 */
export async function replaySegments(
  segments: Segment[],
  coveredSeq: number,
  apply: (entry: JournalEntry) => void,
): Promise<ReplayResult> {
  let expected = coveredSeq + 1;
  let lines = 0;
  const truncated: ReplayResult['truncated'] = [];

  for (const segment of segments) {
    const buf = await readFile(segment.path);
    let pos = 0;
    let torn = -1;
    while (pos < buf.length) {
      if (++lines % 1000 === 0) await yieldToLoop(); // replaying is boot work, but keep the loop responsive
      const nl = buf.indexOf(0x0a, pos);
      const entry = nl === -1 ? undefined : decodeLine(buf, pos, nl);
      if (!entry) {
        torn = pos;
        break;
      }
      if (entry.seq >= expected) {
        if (entry.seq !== expected) {
          throw new SwitchboardError(
            'SWB_STORE_CORRUPT',
            `Journal ${segment.path} jumps from record ${expected - 1} to ${entry.seq} at byte ${pos}: records are missing.`,
            { path: segment.path, offset: pos },
          );
        }
        apply(entry);
        expected++;
      }
      pos = nl + 1;
    }
    if (torn >= 0) truncated.push(await cutTail(segment.path, buf, torn));
  }
  return { lastSeq: expected - 1, truncated };
}

async function cutTail(path: string, buf: Buffer, offset: number) {
  const tail = buf.subarray(offset);
  let savedAs: string | undefined;
  const firstNl = tail.indexOf(0x0a);
  if (firstNl !== -1 && firstNl < tail.length - 1) {
    savedAs = `${path}.torn-${offset}`;
    await writeFile(savedAs, tail);
  }
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(offset);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return savedAs === undefined
    ? { path: basename(path), offset, bytes: tail.length }
    : { path: basename(path), offset, bytes: tail.length, savedAs: basename(savedAs) };
}
