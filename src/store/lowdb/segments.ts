import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The journal is a series of files, each named by the sequence number of its first record. */
export interface Segment {
  start: number;
  path: string;
}

const pattern = /^journal-(\d{16})\.ndjson$/;

export function segmentName(start: number): string {
  return `journal-${String(start).padStart(16, '0')}.ndjson`;
}

export async function listSegments(dir: string): Promise<Segment[]> {
  const names = await readdir(dir);
  const segments: Segment[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m) segments.push({ start: Number(m[1]), path: join(dir, name) });
  }
  return segments.sort((a, b) => a.start - b.start);
}
