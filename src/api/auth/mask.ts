import type { Customer } from '../../tickets/types.ts';

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
  name.split(/\s+/).filter(Boolean).map((w) => (/^[\x00-\x7f]+$/.test(w) ? `${w.slice(0, 1)}***` : `${[...w][0] ?? ''}*`)).join(' ');

export function maskCustomer(c: Customer): Customer {
  return {
    ...c,
    ...(c.name !== undefined ? { name: maskName(c.name) } : {}),
    ...(c.email !== undefined ? { email: maskEmail(c.email) } : {}),
    ...(c.phone !== undefined ? { phone: maskPhone(c.phone) } : {}),
  };
}

/**
 * Masks every ticket-shaped object (one with a `customer` object) found in a response or
 * event payload, including customer-authored reply names. Returns a copy; never mutates.
 */
export function maskDeep<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'customer' && v && typeof v === 'object' && !Array.isArray(v)) out[k] = maskCustomer(v as Customer);
    else if (k === 'author' && v && typeof v === 'object' && (v as { type?: string }).type === 'customer' && typeof (v as { name?: unknown }).name === 'string') out[k] = { ...v, name: maskName((v as { name: string }).name) };
    else out[k] = maskDeep(v, depth + 1);
  }
  return out as T;
}
