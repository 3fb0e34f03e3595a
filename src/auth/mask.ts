import type { Customer } from '../core/model/ticket.ts';

/** `alice@example.com` → `a***@e***.com`; keeps enough to tell records apart. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

/** Keeps the last two digits: `+86 138 0000 1234` → `***34`. */
export const maskPhone = (phone: string) => `***${phone.replace(/\D/g, '').slice(-2)}`;

/** `张三` → `张*`, `Alice Smith` → `A*** S***`. */
export const maskName = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (/^[\x00-\x7f]+$/.test(w) ? `${w.slice(0, 1)}***` : `${[...w][0] ?? ''}*`))
    .join(' ');

export function maskCustomer(c: Customer): Customer {
  return {
    ...c,
    ...(c.name !== undefined ? { name: maskName(c.name) } : {}),
    ...(c.email !== undefined ? { email: maskEmail(c.email) } : {}),
    ...(c.phone !== undefined ? { phone: maskPhone(c.phone) } : {}),
  };
}

/** Replaces known contact values inside every string of a value (rendered scripts, notes). */
function scrub(value: unknown, pairs: [string, string][], depth: number): unknown {
  if (typeof value === 'string')
    return pairs.reduce((s, [from, to]) => (s.includes(from) ? s.split(from).join(to) : s), value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, pairs, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, pairs, depth + 1)]));
}

/**
 * Masks every ticket-shaped object (one with a `customer` object) found in a response or
 * event payload: the customer's name, email and phone, customer-authored reply names, and
 * those same values wherever they appear in the ticket's text (a script greeting the customer
 * by name). Returns a copy; never mutates.
 */
export function maskDeep<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1)) as T;
  const customer = (value as { customer?: unknown }).customer;
  if (customer && typeof customer === 'object' && !Array.isArray(customer)) {
    const c = customer as Customer;
    const pairs: [string, string][] = [];
    if (c.email && c.email.length >= 3) pairs.push([c.email, maskEmail(c.email)]);
    if (c.phone && c.phone.length >= 3) pairs.push([c.phone, maskPhone(c.phone)]);
    if (c.name && c.name.length >= 2) pairs.push([c.name, maskName(c.name)]);
    const { customer: _c, ...rest } = value as Record<string, unknown>;
    const cleaned = pairs.length ? (scrub(rest, pairs, depth) as Record<string, unknown>) : rest;
    return maskFields({ ...cleaned, customer }, depth) as T;
  }
  return maskFields(value as Record<string, unknown>, depth) as T;
}

function maskFields(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'customer' && v && typeof v === 'object' && !Array.isArray(v)) out[k] = maskCustomer(v as Customer);
    else if (
      k === 'author' &&
      v &&
      typeof v === 'object' &&
      (v as { type?: string }).type === 'customer' &&
      typeof (v as { name?: unknown }).name === 'string'
    )
      out[k] = { ...v, name: maskName((v as { name: string }).name) };
    else out[k] = maskDeep(v, depth + 1);
  }
  return out;
}
