import type { Policy } from '../../core/policy/types.ts';
import { isSwitchboardError } from '../../core/errors/index.ts';
import type { Store } from '../../store/types.ts';
import { historicalTicket } from '../../core/metrics/historical-ticket.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import type { ImportLine } from './read-import.ts';
import { countReasons, invalidShown } from './invalid-summary.ts';

export interface ImportReport {
  inserted: number;
  skipped: { line: number; id: string }[];
  invalid: { line: number; message: string }[];
}

/**
 * Inserts historical tickets; a ticket whose id is stored already is skipped, so running the
 * same import twice changes nothing. Inserts go out in batches so the journal can group them.
 */
export async function importTickets(
  store: Store,
  policy: Policy,
  lines: AsyncIterable<ImportLine>,
  opts: {
    now: Date;
    /** Live work (`--live`) instead of history: routed and scheduled like a ticket created now. */
    live?: boolean;
    file?: string;
    batch?: number;
    onProgress?: (n: number) => void;
    /** Each ticket once stored (a running server applies it to its live metrics). */
    onInserted?: (ticket: Ticket) => void;
  },
): Promise<ImportReport> {
  const report: ImportReport = { inserted: 0, skipped: [], invalid: [] };
  const seen = new Set<string>();
  let pending: Promise<void>[] = [];
  let n = 0;
  const flush = async () => {
    await Promise.all(pending);
    pending = [];
  };
  for await (const item of lines) {
    n++;
    if ('error' in item) {
      report.invalid.push({ line: item.line, message: item.error });
      continue;
    }
    const { record, line } = item;
    if (seen.has(record.id) || (await store.get(record.id))) {
      report.skipped.push({ line, id: record.id });
      continue;
    }
    try {
      const ticket = await historicalTicket(policy, record, {
        now: opts.now,
        where: `${opts.file ?? 'line'}:${line}`,
        live: opts.live === true,
      });
      seen.add(record.id);
      pending.push(
        store.insert(ticket).then(() => {
          report.inserted++;
          opts.onInserted?.(ticket);
        }),
      );
    } catch (e) {
      if (!isSwitchboardError(e)) throw e;
      report.invalid.push({ line, message: e.message });
    }
    if (pending.length >= (opts.batch ?? 256)) {
      await flush();
      opts.onProgress?.(n);
    }
  }
  await flush();
  return report;
}

/** What `switchboard import --json` prints and `POST /api/import` answers. */
export interface ImportSummary {
  inserted: number;
  skipped: number;
  /** The first invalid lines (invalidShown); every one is counted in invalidReasons. */
  invalid: { line: number; message: string }[];
  invalidCount: number;
  invalidReasons: { reason: string; count: number }[];
  /** The first 100 skipped lines. */
  skippedIds: { line: number; id: string }[];
}

export function summariseImport(report: ImportReport): ImportSummary {
  return {
    inserted: report.inserted,
    skipped: report.skipped.length,
    invalid: report.invalid.slice(0, invalidShown),
    invalidCount: report.invalid.length,
    invalidReasons: countReasons(report.invalid.map((bad) => bad.message)),
    skippedIds: report.skipped.slice(0, 100),
  };
}
