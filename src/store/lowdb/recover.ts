import { mkdir, open, readdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { archiveDirName } from './archive-file.ts';
import { snapshotFile } from './context.ts';
import { viewsFile } from './views-file.ts';
import { acquireDirLock } from './dir-lock.ts';
import { fsyncDir } from './fs-sync.ts';
import { type FileFinding, readArchiveLeniently, readSegmentLeniently, readSnapshotLeniently } from './recover-read.ts';
import { applyTicketDelta } from '../ticket-delta.ts';
import { listSegments, segmentName } from './segments.ts';
import { createSnapshotAdapter } from './snapshot-file.ts';

export interface RecoveryReport {
  dir: string;
  /** Where every file that was there before now is (nothing is deleted). */
  movedTo: string;
  files: FileFinding[];
  /** Journal records that no file holds any more (sequence number ranges, inclusive). */
  missingRecords: { from: number; to: number }[];
  ticketsKept: number;
  /**
   * Journaled changes of a ticket whose base version was lost with a damaged record: the ticket
   * keeps the newest version that could be rebuilt, and these changes are listed, not applied.
   */
  changesNotApplied: { seq: number; ticket: string; from: number }[];
  /** The sequence number the new snapshot covers; the journal continues after it. */
  seq: number;
}

const version = (json: string) => (JSON.parse(json) as { version: number }).version;
const idOf = (json: string) => (JSON.parse(json) as { id: string }).id;

/**
 * Rebuilds a data directory from every record that can still be read: snapshot lines that pass
 * their checksum, every intact journal record after the snapshot, archived tickets. Each
 * ticket keeps its highest version found; sequences keep their highest value, so no ticket
 * number is handed out twice. The old files move into `recovered-<time>/` (never deleted),
 * the report goes there too, and the directory is left as one checksummed snapshot plus an
 * empty journal segment: a store that opens. Takes the directory lock, so never runs beside a
 * server.
 */
export async function recoverStore(dirIn: string, now: Date = new Date()): Promise<RecoveryReport> {
  const dir = resolve(dirIn);
  const lock = await acquireDirLock(dir, now.toISOString());
  try {
    const snapshot = await readSnapshotLeniently(join(dir, snapshotFile));
    const covered = Number.isInteger(snapshot.head?.seq) ? snapshot.head!.seq! : 0;
    const tickets = new Map<string, string>();
    const keep = (json: string) => {
      const id = idOf(json);
      const held = tickets.get(id);
      if (held === undefined || version(json) >= version(held)) tickets.set(id, json);
    };
    for (const t of snapshot.tickets) keep(t);
    const sequences: Record<string, number> = { ...(snapshot.head?.sequences ?? {}) };
    const meta = new Map<string, string>(
      Object.entries(snapshot.head?.meta ?? {}).map(([k, v]) => [k, JSON.stringify(v)] as const),
    );

    const files: FileFinding[] = [snapshot.finding];
    const seen = new Set<number>();
    let maxSeq = covered;
    const segments = await listSegments(dir);
    const records: { seq: number; apply: () => void }[] = [];
    const changesNotApplied: RecoveryReport['changesNotApplied'] = [];
    const named = new Set<number>(Number.isInteger(snapshot.head?.seq) ? [covered + 1] : []);
    for (const segment of segments) {
      const read = await readSegmentLeniently(segment);
      files.push(read.finding);
      if (read.next !== undefined) named.add(read.next);
      for (const { seq, record } of read.entries) {
        maxSeq = Math.max(maxSeq, seq);
        if (record.op === 'seq') sequences[record.name] = Math.max(sequences[record.name] ?? 0, record.value);
        if (seq <= covered || seen.has(seq)) continue;
        seen.add(seq);
        if (record.op === 'put') records.push({ seq, apply: () => keep(record.json) });
        else if (record.op === 'patch')
          records.push({
            seq,
            apply: () => {
              const held = tickets.get(record.id);
              const json =
                held !== undefined && version(held) === record.from ? applyTicketDelta(held, record.json) : undefined;
              if (json === undefined) changesNotApplied.push({ seq, ticket: record.id, from: record.from });
              else tickets.set(record.id, json);
            },
          });
        else if (record.op === 'meta')
          records.push({
            seq,
            apply: () => (record.json === undefined ? meta.delete(record.key) : meta.set(record.key, record.json)),
          });
      }
    }
    for (const r of records.sort((a, b) => a.seq - b.seq)) r.apply();
    // A segment the snapshot or an end line points to that is gone: how much it held is unknown.
    const legacy = (snapshot.head as { format?: number } | undefined)?.format === 1;
    for (const start of named) {
      if (segments.some((s) => s.start === start) || (legacy && start === covered + 1)) continue;
      files.push({
        file: join(dir, segmentName(start)),
        status: 'missing',
        recordsKept: 0,
        recordsLost: 0,
        damage: [
          {
            offset: 0,
            bytes: 0,
            problem: `the segment holding records from ${start} on is gone; how many it held is unknown`,
          },
        ],
      });
    }
    const archive = await readArchiveLeniently(dir);
    files.push(...archive.findings);
    for (const t of archive.tickets) if (!tickets.has(idOf(t))) tickets.set(idOf(t), t); // a hot copy is never older

    const missingRecords: RecoveryReport['missingRecords'] = [];
    for (let s = covered + 1; s <= maxSeq; s++) {
      if (seen.has(s) || segments.length === 0) continue;
      const last = missingRecords.at(-1);
      if (last && last.to === s - 1) last.to = s;
      else missingRecords.push({ from: s, to: s });
    }

    const movedTo = join(dir, `recovered-${now.toISOString().replace(/[:.]/g, '-')}`);
    await mkdir(movedTo, { mode: 0o700 });
    for (const name of await readdir(dir)) {
      if (
        name === snapshotFile ||
        name === viewsFile ||
        name === archiveDirName ||
        name.startsWith('journal-') ||
        name.endsWith('.tmp')
      ) {
        await rename(join(dir, name), join(movedTo, name));
      }
    }
    await fsyncDir(movedTo);
    const seq = maxSeq;
    const segment = await open(join(dir, segmentName(seq + 1)), 'a', 0o600);
    await segment.close();
    await createSnapshotAdapter(join(dir, snapshotFile)).write({
      seq,
      savedAt: now.toISOString(),
      sequences,
      meta: Object.fromEntries(meta),
      tickets: [...tickets.values()],
      archive: {},
    });
    const report: RecoveryReport = {
      dir,
      movedTo,
      files,
      missingRecords,
      ticketsKept: tickets.size,
      changesNotApplied,
      seq,
    };
    await writeFile(join(movedTo, 'recovery-report.json'), `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
    await writeFile(join(movedTo, 'recovery-report.txt'), `${describeRecovery(report)}\n`, { mode: 0o600 });
    await fsyncDir(movedTo);
    return report;
  } finally {
    await lock.release();
  }
}

/** The report for a person: what was found per file, what was kept, what is gone. */
export function describeRecovery(r: RecoveryReport): string {
  const lines = [`Recovered ${r.dir}: ${r.ticketsKept} tickets kept; the store now starts at record ${r.seq + 1}.`];
  for (const f of r.files) {
    lines.push(`  ${f.file}: ${f.status}, ${f.recordsKept} records kept, ${f.recordsLost} damaged/lost`);
    for (const d of f.damage) lines.push(`    byte ${d.offset} (${d.bytes} bytes): ${d.problem}`);
  }
  if (r.missingRecords.length === 0) lines.push('  No journal record after the snapshot is missing.');
  for (const m of r.missingRecords) lines.push(`  Journal records ${m.from} to ${m.to} are in no file: lost.`);
  for (const c of r.changesNotApplied)
    lines.push(`  Record ${c.seq} changes ticket ${c.ticket} from version ${c.from}, which was lost: not applied.`);
  lines.push(`  The files as they were are in ${r.movedTo} (with recovery-report.json and .txt); nothing was deleted.`);
  return lines.join('\n');
}
