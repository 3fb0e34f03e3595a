/**
 * The one CSV writer of every export (tracking table, daily report, QA queue): RFC 4180
 * quoting, CRLF line ends, a UTF-8 byte order mark so spreadsheets read Chinese text right,
 * and formula neutralisation: a cell a spreadsheet would run (leading = + - @, tab, CR or LF)
 * is prefixed with `'` and stays text.
 */
export function csvCell(value: unknown): string {
  let s =
    value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r\n]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole file: the byte order mark, then one line per row (the header first). */
export function csvDocument(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${rows.map(csvLine).join('')}`;
}

export const csvBom = '\uFEFF';
