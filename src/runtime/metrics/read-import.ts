import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isSwitchboardError } from '../../core/errors/index.ts';
import { csvHeader, normalise, splitCsvLine } from '../../core/simulate/history.ts';
import type { ImportRecord } from '../../core/metrics/historical-ticket.ts';

export type ImportLine = { line: number; record: ImportRecord } | { line: number; error: string };

/** Tracking-table headings beyond the ones simulate understands. */
const extraAliases: Record<string, string> = {
  'first responder': 'firstResponder',
  first_responder: 'firstResponder',
  firstresponder: 'firstResponder',
  resolver: 'resolver',
  'resolved by': 'resolver',
  notes: 'notes',
  note: 'notes',
  remarks: 'notes',
  priority: 'priority',
  group: 'group',
  assignee: 'assignee',
  status: 'status',
  'closed at': 'closedAt',
  closed_at: 'closedAt',
  closedat: 'closedAt',
  comment: 'csatComment',
  'csat comment': 'csatComment',
  'policy version': 'policyVersion',
  policyversion: 'policyVersion',
};

const strings = [
  'number',
  'priority',
  'group',
  'assignee',
  'status',
  'firstResponder',
  'resolver',
  'closedAt',
  'csatComment',
  'notes',
  'policyVersion',
] as const;

/** Reads one raw object into a record: the simulate checks plus the richer optional fields. */
export function toImportRecord(raw: Record<string, unknown>, where: string): ImportRecord {
  // csat may be the tracking table's number or the ticket model's { score, comment }
  const csat = raw.csat;
  const rich = csat && typeof csat === 'object' ? (csat as { score?: unknown; comment?: unknown }) : undefined;
  const base: ImportRecord = normalise(rich ? { ...raw, csat: rich.score } : raw, where);
  if (rich && typeof rich.comment === 'string') base.csatComment = rich.comment;
  for (const k of strings) if (raw[k] !== undefined && raw[k] !== null && raw[k] !== '') base[k] = String(raw[k]);
  if (base.closedAt && Number.isNaN(Date.parse(base.closedAt)))
    throw new Error(`${where}: "closedAt" must be an ISO-8601 time`);
  if (Array.isArray(raw.replies)) base.replies = raw.replies as ImportRecord['replies'];
  if (Array.isArray(raw.history)) base.history = raw.history as ImportRecord['history'];
  return base;
}

/**
 * `null` in an object means the member is absent (exports write nulls for what a ticket does not
 * have, e.g. `resolvedAt` of an open one); in lists it stays, so a list keeps its length.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? v : withoutNulls(v)));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** Streams a .jsonl or .csv file line by line; a bad line becomes an error entry, not an exception. */
export function readImportFile(file: string): AsyncGenerator<ImportLine> {
  return readImportLines(createReadStream(file, 'utf8'), { csv: /\.csv$/i.test(file), where: file });
}

/** The lines of a text, split as readline splits a stream (\n, \r\n or a lone \r). */
function* linesOfText(text: string): Generator<string> {
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield text.slice(start, m.index);
    start = m.index + m[0].length;
  }
  if (start < text.length) yield text.slice(start);
}

/**
 * Reads import lines from any text: a stream (a file, a request) or a string already read (a
 * request body). JSONL unless `csv`; `where` names the source in messages (`where:line: ...`).
 */
export async function* readImportLines(
  input: NodeJS.ReadableStream | string,
  opts: { csv: boolean; where: string },
): AsyncGenerator<ImportLine> {
  const { csv } = opts;
  const lines = typeof input === 'string' ? linesOfText(input) : createInterface({ input, crlfDelay: Infinity });
  let header: string[] | undefined;
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    const where = `${opts.where}:${n}`;
    try {
      if (csv && !header) {
        const cleaned = text.replace(/^\uFEFF/, '');
        const names = splitCsvLine(cleaned).map((h) => h.trim());
        header = csvHeader(cleaned).map((h, i) => extraAliases[names[i]!.toLowerCase()] ?? h);
        continue;
      }
      let raw: Record<string, unknown>;
      if (csv) {
        raw = {};
        const cells = splitCsvLine(text);
        header!.forEach((name, i) => {
          const v = cells[i]?.trim().replace(/^'(?=[=+\-@])/, '');
          if (v === undefined || v === '') return;
          if (name.startsWith('customer.')) raw.customer = { ...((raw.customer as object) ?? {}), [name.slice(9)]: v };
          else raw[name] = v;
        });
      } else {
        try {
          raw = withoutNulls(JSON.parse(text)) as Record<string, unknown>;
        } catch (e) {
          throw new Error(`${where}: not valid JSON (${(e as Error).message})`);
        }
      }
      yield { line: n, record: toImportRecord(raw, where) };
    } catch (e) {
      yield { line: n, error: isSwitchboardError(e) || e instanceof Error ? e.message : String(e) };
    }
  }
}
