import { SwitchboardError } from '../errors/index.ts';
import { isIsoTime } from './iso-time.ts';

/** One historical ticket: the tracking table of domain.md §9. */
export interface HistoricalTicket {
  id: string;
  channel: string;
  category?: string;
  subject: string;
  description?: string;
  customer: { id: string; tier?: string };
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  csat?: number;
}

const csvAliases: Record<string, string> = {
  ticket: 'id',
  ticketnumber: 'id',
  ticket_number: 'id',
  number: 'id',
  customerid: 'customer.id',
  customer_id: 'customer.id',
  customer: 'customer.id',
  tier: 'customer.tier',
  customertier: 'customer.tier',
  customer_tier: 'customer.tier',
  created: 'createdAt',
  created_at: 'createdAt',
  createdat: 'createdAt',
  firstresponse: 'firstResponseAt',
  first_response_at: 'firstResponseAt',
  firstresponseat: 'firstResponseAt',
  resolved: 'resolvedAt',
  resolved_at: 'resolvedAt',
  resolvedat: 'resolvedAt',
  satisfaction: 'csat',
  problemtype: 'category',
  problem_type: 'category',
};

/** Parses one JSONL line into a ticket; errors name the line and the field to fix. */
export function parseJsonLine(line: string, lineNo: number, file: string): HistoricalTicket {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new SwitchboardError('SWB_SIMULATE_INPUT', `${file}:${lineNo}: not valid JSON (${(e as Error).message})`);
  }
  return normalise(raw as Record<string, unknown>, `${file}:${lineNo}`);
}

/** Splits a CSV line (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function csvHeader(line: string): string[] {
  return splitCsvLine(line).map((h) => {
    const key = h.trim();
    return csvAliases[key.toLowerCase().replace(/\s+/g, '_')] ?? csvAliases[key.toLowerCase()] ?? key;
  });
}

export function parseCsvLine(header: string[], line: string, lineNo: number, file: string): HistoricalTicket {
  const cells = splitCsvLine(line);
  const raw: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const value = cells[i]?.trim();
    if (value === undefined || value === '') return;
    if (name.startsWith('customer.')) {
      const customer = (raw.customer ?? {}) as Record<string, unknown>;
      customer[name.slice(9)] = value;
      raw.customer = customer;
    } else raw[name] = name === 'csat' ? Number(value) : value;
  });
  return normalise(raw, `${file}:${lineNo}`);
}

/** Checks and normalises one ticket object (API bodies, JSONL lines, CSV rows). */
export function normalise(raw: Record<string, unknown>, where: string): HistoricalTicket {
  const fail = (msg: string) => {
    throw new SwitchboardError('SWB_SIMULATE_INPUT', `${where}: ${msg}`, { path: where });
  };
  if (!raw || typeof raw !== 'object') fail('expected an object with id, channel, subject, customer, createdAt');
  const str = (k: string) =>
    typeof raw[k] === 'string' ? (raw[k] as string) : raw[k] === undefined ? undefined : String(raw[k]);
  const id = str('id');
  const channel = str('channel');
  const createdAt = str('createdAt');
  if (!id) fail('missing "id"');
  if (!channel) fail('missing "channel"');
  if (!createdAt || !isIsoTime(createdAt))
    fail(`"createdAt" must be an ISO-8601 time, got ${JSON.stringify(raw.createdAt)}`);
  const customer = (
    raw.customer && typeof raw.customer === 'object' ? raw.customer : { id: str('customer') ?? 'unknown' }
  ) as { id?: unknown; tier?: unknown };
  const time = (k: string) => {
    const v = str(k);
    if (v === undefined) return undefined;
    if (!isIsoTime(v)) fail(`"${k}" must be an ISO-8601 time, got ${JSON.stringify(v)}`);
    return v;
  };
  const ticket: HistoricalTicket = {
    id: id as string,
    channel: channel as string,
    subject: str('subject') ?? '',
    customer: {
      id: String(customer.id ?? 'unknown'),
      ...(customer.tier !== undefined ? { tier: String(customer.tier) } : {}),
    },
    createdAt: createdAt as string,
  };
  const category = str('category');
  const description = str('description');
  const firstResponseAt = time('firstResponseAt');
  const resolvedAt = time('resolvedAt');
  if (category) ticket.category = category;
  if (description) ticket.description = description;
  if (firstResponseAt) ticket.firstResponseAt = firstResponseAt;
  if (resolvedAt) ticket.resolvedAt = resolvedAt;
  if (raw.csat !== undefined && raw.csat !== null && raw.csat !== '') {
    const n = Number(raw.csat);
    if (!Number.isFinite(n)) fail(`"csat" must be a number 1-5, got ${JSON.stringify(raw.csat)}`);
    ticket.csat = n;
  }
  return ticket;
}
