import type { Policy } from '../../core/policy/types.ts';
import { isSwitchboardError } from '../../core/errors/index.ts';
import type { Store } from '../../store/types.ts';
import { historicalTicket } from '../../core/metrics/historical-ticket.ts';
import type { ImportLine } from './read-import.ts';

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
  opts: { now: Date; file?: string; batch?: number; live?: boolean; onProgress?: (n: number) => void },
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
        ...(opts.live ? { live: true } : {}),
      });
      seen.add(record.id);
      pending.push(store.insert(ticket).then(() => void report.inserted++));
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
