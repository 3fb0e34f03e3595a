import type { Policy } from '../core/policy/types.ts';
import { createTextScrubber, type ContactValues, type TextScrubber } from './contact-text.ts';
import { maskEmail, maskName, maskPhone } from './mask.ts';
import { piiRules, type PiiRules } from './pii.ts';
import { roleSeesContactData, type Role } from './roles.ts';

/**
 * The one masking of every payload on every channel (REST answers, socket events and
 * snapshots, webhooks, exports) for callers that may not see customers' contact data.
 *
 * By structure first: every `customer` object (also the `[before, after]` pairs of `changes`),
 * customer authors, and the policy's personal `fields` are masked wherever they sit, at any
 * depth. Then every string is cleaned of the contact values found anywhere in the payload,
 * matched however they were typed (contact-text.ts). Returns a copy; never mutates.
 */
export function maskPayload<T>(value: T, rules: PiiRules): T {
  const values = collect(value, rules);
  const scrub = createTextScrubber(values, { email: maskEmail, name: maskName, phone: maskPhone, other: maskOther });
  return walk(value, { rules, scrub }, 0) as T;
}

/** The masking a role needs: the identity for roles that see contact data. */
export function maskForRole(role: Role, policy: Policy | undefined): <T>(value: T) => T {
  if (roleSeesContactData(role)) return (v) => v;
  const rules = piiRules(policy);
  return (v) => maskPayload(v, rules);
}

/** Past this nesting a subtree is replaced, never passed through unmasked. */
const maxDepth = 1000;
const tooDeep = '[masked: nested too deep]';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+$/.test(s.trim());
const looksLikePhone = (s: string) => /^\+?[\d\s\-().]+$/.test(s.trim()) && s.replace(/\D/g, '').length >= 6;
const maskOther = (s: string) => `${[...s][0] ?? ''}***`;

/** A personal value in its own place: its shape decides the mask. */
function maskValue(v: unknown): unknown {
  if (typeof v !== 'string') return v === undefined || v === null ? v : '***';
  if (looksLikeEmail(v)) return maskEmail(v);
  if (looksLikePhone(v)) return maskPhone(v);
  return maskOther(v);
}

const maskCustomerId = (id: unknown) =>
  typeof id === 'string' && (looksLikeEmail(id) || looksLikePhone(id)) ? maskValue(id) : id;

/** Contact values of every customer and personal field in the payload, for the text pass. */
function collect(root: unknown, rules: PiiRules): ContactValues {
  const found: ContactValues = { emails: [], names: [], phones: [], others: [] };
  const addValue = (v: unknown, kind?: 'name') => {
    if (typeof v !== 'string' || v.trim() === '') return;
    if (looksLikeEmail(v)) found.emails.push(v.trim());
    else if (looksLikePhone(v)) found.phones.push(v.replace(/\D/g, ''));
    else if (kind === 'name') found.names.push(v);
    else found.others.push(v);
  };
  const addCustomer = (c: unknown) => {
    if (!isObject(c)) return;
    addValue(c.name, 'name');
    addValue(c.email);
    addValue(c.phone);
    if (typeof c.id === 'string' && (looksLikeEmail(c.id) || looksLikePhone(c.id))) addValue(c.id);
  };
  const addFields = (f: unknown) => {
    if (!isObject(f)) return;
    for (const id of rules.fields) addValue(f[id]);
  };
  const stack: { v: unknown; depth: number }[] = [{ v: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object' || depth > maxDepth) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, depth: depth + 1 });
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === 'customer') for (const c of Array.isArray(x) ? x : [x]) addCustomer(c);
      else if (k === 'fields') for (const f of Array.isArray(x) ? x : [x]) addFields(f);
      else if (k === 'author' && isObject(x) && x.type === 'customer') addValue(x.name, 'name');
      stack.push({ v: x, depth: depth + 1 });
    }
  }
  return found;
}

interface Ctx {
  rules: PiiRules;
  scrub: TextScrubber;
}

function walk(v: unknown, ctx: Ctx, depth: number): unknown {
  if (typeof v === 'string') return ctx.scrub(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth > maxDepth) return tooDeep;
  if (Array.isArray(v)) return v.map((x) => walk(x, ctx, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'customer') out[k] = eachOf(x, (c) => maskCustomer(c, ctx, depth + 1), ctx, depth);
    else if (k === 'fields') out[k] = eachOf(x, (f) => maskFields(f, ctx, depth + 1), ctx, depth);
    else if (k === 'author' && isObject(x) && x.type === 'customer') {
      const author = walk(x, ctx, depth + 1) as Record<string, unknown>;
      out[k] = {
        ...author,
        ...(typeof x.name === 'string' ? { name: maskName(x.name) } : {}),
        ...(x.id !== undefined ? { id: maskCustomerId(x.id) } : {}),
      };
    } else if (k.startsWith('fields.') && ctx.rules.fields.has(k.slice(7))) out[k] = eachOf(x, maskValue, ctx, depth);
    else if (/^customer\.(name|email|phone)$/.test(k)) out[k] = eachOf(x, maskValue, ctx, depth);
    else out[k] = walk(x, ctx, depth + 1);
  }
  return out;
}

/** One value, or each side of a `changes` pair `[before, after]`. */
function eachOf(x: unknown, mask: (v: unknown) => unknown, ctx: Ctx, depth: number): unknown {
  if (Array.isArray(x))
    return depth > maxDepth
      ? tooDeep
      : x.map((e) => (isObject(e) || !Array.isArray(e) ? mask(e) : walk(e, ctx, depth + 1)));
  return mask(x);
}

function maskCustomer(c: unknown, ctx: Ctx, depth: number): unknown {
  if (!isObject(c)) return walk(c, ctx, depth);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(c)) {
    if (k === 'name') out[k] = typeof x === 'string' ? maskName(x) : maskValue(x);
    else if (k === 'email' || k === 'phone') out[k] = maskValue(x);
    else if (k === 'id') out[k] = maskCustomerId(x);
    else out[k] = walk(x, ctx, depth + 1);
  }
  return out;
}

function maskFields(f: unknown, ctx: Ctx, depth: number): unknown {
  if (!isObject(f)) return walk(f, ctx, depth);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(f)) out[k] = ctx.rules.fields.has(k) ? maskValue(x) : walk(x, ctx, depth + 1);
  return out;
}
