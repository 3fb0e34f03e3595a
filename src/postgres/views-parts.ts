/**
 * The saved views' lines as the text of PostgreSQL parts: each line followed by a newline, cut
 * into parts of at most `partChars` characters (never inside a UTF-16 surrogate pair), so a line
 * of any length fits, over several parts when it must. Reading joins them back line by line:
 * only a line that ran over parts is ever put together, never the whole text.
 */
export function* textParts(lines: Iterable<string>, partChars: number): Generator<string> {
  let held: string[] = [];
  let length = 0;
  for (const line of lines) {
    let rest = `${line}\n`;
    while (length + rest.length > partChars) {
      let cut = partChars - length;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--; // keep the pair together
      if (cut <= 0 && length === 0) cut = 2; // a bound under one pair: the pair alone
      if (cut > 0) {
        held.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      yield held.join('');
      held = [];
      length = 0;
    }
    held.push(rest);
    length += rest.length;
  }
  if (held.length > 0) yield held.join('');
}

/** Collects parts in order; `end()` gives the lines, or undefined when the text stops mid-line. */
export function joinParts(): { add(body: string): void; end(): string[] | undefined } {
  const lines: string[] = [];
  let carry = '';
  return {
    add(body) {
      let from = 0;
      for (let nl = body.indexOf('\n'); nl !== -1; nl = body.indexOf('\n', from)) {
        lines.push(carry === '' ? body.slice(from, nl) : carry + body.slice(from, nl));
        carry = '';
        from = nl + 1;
      }
      carry += body.slice(from);
    },
    end: () => (carry === '' ? lines : undefined),
  };
}
