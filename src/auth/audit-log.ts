import { existsSync } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/util/clock.ts';
import type { SharedAuditLog } from '../store/shared-records.ts';
import { type AuditDamage, decodeAuditLine, encodeAuditLine, repairAuditTail } from './audit-file.ts';

export type { AuditDamage } from './audit-file.ts';

/** One audited change: who, what, when, from where, under which policy version. */
export interface AuditEntry {
  at: string;
  actor: { tokenId: string; name: string; role: string };
  ip: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  ticketId?: string;
  /** Field → [before, after] of the change the request made (from the ticket's history). */
  changes?: Record<string, [unknown, unknown]>;
  /** Operation-specific facts (merge target, token id and role, ...); never secrets. */
  details?: Record<string, unknown>;
  policyVersion: string;
}

/** An entry as the caller gives it: the log stamps `at` from its clock. */
export type AuditInput = Omit<AuditEntry, 'at'>;

export interface AuditLog {
  /**
   * Resolves once the entry is durable (in the file and fdatasynced, or in the database's audit
   * table). Whoever acknowledges the change awaits it first: an acknowledged change is audited.
   */
  append(entry: AuditInput): Promise<void>;
  /** Entries at or after `since`, oldest first, at most `limit`; damaged lines are skipped and reported. */
  query(q: { since?: string; limit?: number; ticket?: string }): Promise<{ items: AuditEntry[]; next?: string }>;
  /** Resolves once every entry appended so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Append-only NDJSON (`<dataDir>/audit.ndjson`, see audit-file.ts), or the database's audit table
 * (`shared`). Group commit: every entry appended while the previous batch was on its way to disk
 * (or in the same tick) goes out with one write and one fdatasync, so an answer waits for its
 * entry at the cost of about one fsync, shared with every request in flight. On open a torn last
 * line is cut off; a damaged line is skipped by reads and reported once (`onDamaged`: file, line,
 * byte offset), never a failed read.
 */
export async function openAuditLog(opts: {
  dataDir: string | undefined;
  /** Stamps every entry (the Switchboard's injected clock). */
  clock: Clock;
  onError?: (err: unknown) => void;
  /** A damaged line found (once per line and process), or a torn tail cut on open. */
  onDamaged?: (damage: AuditDamage) => void;
  /** The database's audit table (PostgreSQL): every process appends to it and reads all of it. */
  shared?: SharedAuditLog;
}): Promise<AuditLog> {
  const shared = opts.shared;
  const stamp = (entry: AuditInput): AuditEntry => ({ at: opts.clock.now().toISOString(), ...entry });
  if (!opts.dataDir && !shared) return memoryAuditLog(stamp);
  const file = opts.dataDir ? join(opts.dataDir, 'audit.ndjson') : '';
  const reported = new Set<number>();
  const report = (damage: AuditDamage) => {
    if (reported.has(damage.offset)) return;
    reported.add(damage.offset);
    opts.onDamaged?.(damage);
  };
  let handle: FileHandle | undefined;
  if (!shared && opts.dataDir) {
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    const cut = await repairAuditTail(file);
    if (cut) opts.onDamaged?.(cut);
    handle = await open(file, 'a', 0o600);
  }

  const write = async (batch: AuditEntry[]) => {
    if (shared) return shared.append(batch);
    await handle!.write(batch.map(encodeAuditLine).join(''));
    await handle!.datasync();
  };
  const writer = groupCommit(write, (err) => opts.onError?.(err));

  return {
    append: (entry) => writer.append(stamp(entry)),
    async query({ since, limit = 100, ticket }) {
      await writer.flush();
      if (shared)
        return (await shared.query({ limit, ...(since ? { since } : {}), ...(ticket ? { ticket } : {}) })) as {
          items: AuditEntry[];
          next?: string;
        };
      const text = existsSync(file) ? await readFile(file, 'utf8') : '';
      const sinceMs = since ? Date.parse(since) : -Infinity;
      const items: AuditEntry[] = [];
      let offset = 0;
      let lineNo = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; offset = nl + 1, nl = text.indexOf('\n', offset)) {
        lineNo++;
        const line = text.slice(offset, nl);
        if (!line) continue;
        const e = decodeAuditLine<AuditEntry>(line);
        if (!e) {
          report({
            file,
            line: lineNo,
            offset: Buffer.byteLength(text.slice(0, offset)),
            problem: 'a damaged line (skipped)',
          });
          continue;
        }
        if (Date.parse(e.at) < sinceMs || (ticket && e.ticketId !== ticket)) continue;
        if (items.length === limit) return { items, next: e.at };
        items.push(e);
      }
      return { items };
    },
    flush: writer.flush,
    async close() {
      await writer.flush();
      await handle?.close();
      handle = undefined;
    },
  };
}

/** Batches appends: one `write` per batch, batches in order, each entry's promise settles with its batch. */
function groupCommit<T>(write: (batch: T[]) => Promise<void>, onError: (err: unknown) => void) {
  let queue: { items: T[]; done: Promise<void>; settle: (err?: unknown) => void } | undefined;
  let tail: Promise<void> = Promise.resolve();
  const start = () => {
    let settle!: (err?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    done.catch(() => undefined); // callers see the rejection; this silences the unawaited copy
    const batch = { items: [] as T[], done, settle };
    queue = batch;
    tail = tail.then(async () => {
      if (queue === batch) queue = undefined; // entries appended from now on form the next batch
      try {
        await write(batch.items);
        batch.settle();
      } catch (err) {
        onError(err);
        batch.settle(err);
      }
    });
    return batch;
  };
  return {
    append(item: T): Promise<void> {
      const batch = queue ?? start();
      batch.items.push(item);
      return batch.done;
    },
    flush(): Promise<void> {
      return (queue?.done ?? tail).catch(() => undefined);
    },
  };
}

/** Without a data directory (embedders with their own store): the last 10,000 entries in memory. */
function memoryAuditLog(stamp: (entry: AuditInput) => AuditEntry): AuditLog {
  let entries: AuditEntry[] = [];
  return {
    async append(entry) {
      entries.push(stamp(entry));
      if (entries.length > 10_000) entries = entries.slice(-10_000);
    },
    async query({ since, limit = 100, ticket }) {
      const sinceMs = since ? Date.parse(since) : -Infinity;
      const all = entries.filter((e) => Date.parse(e.at) >= sinceMs && (!ticket || e.ticketId === ticket));
      return all.length > limit ? { items: all.slice(0, limit), next: all[limit]!.at } : { items: all };
    },
    flush: async () => undefined,
    close: async () => undefined,
  };
}
