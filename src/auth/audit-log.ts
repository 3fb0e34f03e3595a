import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/util/clock.ts';
import type { SharedAuditLog } from '../store/shared-records.ts';

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
  /** Records one change at the clock's now. */
  append(entry: AuditInput): void;
  /** Entries at or after `since`, oldest first, at most `limit`; includes unflushed ones. */
  query(q: { since?: string; limit?: number; ticket?: string }): Promise<{ items: AuditEntry[]; next?: string }>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Append-only NDJSON (`<dataDir>/audit.ndjson`), or the database's audit table (`shared`).
 * Entries are buffered and appended in batches every `flushMs` (or when `maxBatch` are waiting)
 * so the request path never waits on the disk; `close()` writes what is left. A crash can lose
 * the last batch window (documented).
 */
export async function openAuditLog(opts: {
  dataDir: string | undefined;
  /** Stamps every entry (the Switchboard's injected clock). */
  clock: Clock;
  flushMs?: number;
  maxBatch?: number;
  onError?: (err: unknown) => void;
  /** The database's audit table (PostgreSQL): every process appends to it and reads all of it. */
  shared?: SharedAuditLog;
}): Promise<AuditLog> {
  const shared = opts.shared;
  const stamp = (entry: AuditInput): AuditEntry => ({ at: opts.clock.now().toISOString(), ...entry });
  if (!opts.dataDir && !shared) return memoryAuditLog(stamp);
  const file = opts.dataDir ? join(opts.dataDir, 'audit.ndjson') : '';
  if (!shared && opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  let buffer: AuditEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const write = (batch: AuditEntry[]) =>
    shared
      ? shared.append(batch)
      : appendFile(file, batch.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = [];
    if (batch.length > 0) {
      // Chained so batches land in order even when a flush is slow.
      writing = writing.then(() => write(batch)).catch((err) => opts.onError?.(err));
    }
    return writing;
  };

  return {
    append(entry) {
      buffer.push(stamp(entry));
      if (buffer.length >= (opts.maxBatch ?? 500)) void flush();
      else timer ??= setTimeout(() => void flush(), opts.flushMs ?? 50);
    },
    async query({ since, limit = 100, ticket }) {
      await flush();
      if (shared)
        return (await shared.query({ limit, ...(since ? { since } : {}), ...(ticket ? { ticket } : {}) })) as {
          items: AuditEntry[];
          next?: string;
        };
      const text = existsSync(file) ? await readFile(file, 'utf8') : '';
      const sinceMs = since ? Date.parse(since) : -Infinity;
      const items: AuditEntry[] = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        const e = JSON.parse(line) as AuditEntry;
        if (Date.parse(e.at) < sinceMs || (ticket && e.ticketId !== ticket)) continue;
        if (items.length === limit) return { items, next: e.at };
        items.push(e);
      }
      return { items };
    },
    flush,
    async close() {
      await flush();
    },
  };
}

/** Without a data directory (embedders with their own store): the last 10,000 entries in memory. */
function memoryAuditLog(stamp: (entry: AuditInput) => AuditEntry): AuditLog {
  let entries: AuditEntry[] = [];
  return {
    append(entry) {
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
