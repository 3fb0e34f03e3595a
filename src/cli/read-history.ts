import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { csvHeader, parseCsvLine, parseJsonLine, type HistoricalTicket } from '../core/simulate/history.ts';

/**
 * Streams tickets from a .jsonl/.ndjson or .csv file, line by line (constant memory). `check`
 * sees each ticket with its `file:line` and throws to reject it.
 */
export async function* readHistory(
  file: string,
  check?: (ticket: HistoricalTicket, where: string) => void,
): AsyncGenerator<HistoricalTicket> {
  const csv = /\.csv$/i.test(file);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: string[] | undefined;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    if (csv && !header) {
      header = csvHeader(line.replace(/^\uFEFF/, ''));
      continue;
    }
    const ticket = header ? parseCsvLine(header, line, n, file) : parseJsonLine(line, n, file);
    check?.(ticket, `${file}:${n}`);
    yield ticket;
  }
}
