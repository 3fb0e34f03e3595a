/** How one contact value is masked; mask-payload.ts decides where they are applied. */

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
