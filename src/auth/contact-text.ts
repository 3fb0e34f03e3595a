/**
 * Finds one customer's contact values inside free text (reply bodies, notes, scripts, subjects)
 * however they were typed: emails and names in any case and spacing, phones with or without
 * spaces, dashes, brackets or the country code. Each hit is replaced by `mask(hit)`.
 */
export interface ContactValues {
  emails: string[];
  names: string[];
  /** Digits only, at least 6 of them. */
  phones: string[];
  /** Values of fields the policy declares personal: matched in any case. */
  others: string[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ascii = (s: string) => /^[\x00-\x7f]+$/.test(s);

/** A phone-shaped run: digits with the separators people type between them. */
const phoneRun = /\+?\d[\d\s\-().]{4,}\d/g;
/** Any address-shaped token: masked even when it is not the customer's own. */
const anyEmail = /[^\s@<>()[\]{},;:"']+@[^\s@<>()[\]{},;:"']+\.[A-Za-z]{2,}/g;

export type TextScrubber = (text: string) => string;

export function createTextScrubber(
  values: ContactValues,
  masks: {
    email: (s: string) => string;
    name: (s: string) => string;
    phone: (s: string) => string;
    other: (s: string) => string;
  },
): TextScrubber {
  const namePatterns: string[] = [];
  for (const raw of values.names) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    // the whole name with any spacing, then each word long enough not to hit common words
    const whole = words.map(escapeRegex).join('\\s+');
    if (raw.trim().length >= 2) namePatterns.push(ascii(raw) ? `\\b${whole}\\b` : whole);
    for (const w of words) {
      if (ascii(w) ? w.length >= 3 : [...w].length >= 2)
        namePatterns.push(ascii(w) ? `\\b${escapeRegex(w)}\\b` : escapeRegex(w));
    }
  }
  namePatterns.sort((a, b) => b.length - a.length);
  const names = namePatterns.length ? new RegExp(namePatterns.join('|'), 'giu') : undefined;
  const emails = values.emails.filter((e) => e.length >= 3);
  const emailRe = emails.length ? new RegExp(emails.map(escapeRegex).join('|'), 'gi') : undefined;
  const phones = values.phones.filter((p) => p.length >= 6);
  const others = values.others.filter((o) => o.trim().length >= 3).sort((a, b) => b.length - a.length);
  const otherRe = others.length ? new RegExp(others.map(escapeRegex).join('|'), 'giu') : undefined;

  // `13800001234` is the same number as `+86 138 0000 1234`: compare the trailing digits
  const samePhone = (digits: string) =>
    phones.some((p) => digits === p || (digits.length >= 7 && (p.endsWith(digits) || digits.endsWith(p))));

  return (text) => {
    let out = text;
    if (emailRe) out = out.replace(emailRe, (m) => masks.email(m));
    out = out.replace(anyEmail, (m) => (m.includes('***') ? m : masks.email(m)));
    if (phones.length)
      out = out.replace(phoneRun, (m) => {
        const digits = m.replace(/\D/g, '');
        return samePhone(digits) ? masks.phone(m) : m;
      });
    if (otherRe) out = out.replace(otherRe, (m) => masks.other(m));
    if (names) out = out.replace(names, (m) => masks.name(m));
    return out;
  };
}
