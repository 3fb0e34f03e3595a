/** One member of a JSON object's text: the quoted key as written and the value's text. */
export interface JsonMember {
  key: string;
  value: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The index just past the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let i = at;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return -1;
    let slashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return i + 1;
  }
}

/** The index just past the value starting at `at` (compact JSON: no whitespace between tokens). */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/**
 * The top-level members of an object's compact JSON text (as JSON.stringify writes it), in
 * order, without parsing their values; undefined when the text is not such an object. Strings
 * are skipped with indexOf, so the cost is mostly in the structure, not in long texts.
 */
export function jsonMembers(text: string): JsonMember[] | undefined {
  if (text.charCodeAt(0) !== OPEN_BRACE || text.charCodeAt(text.length - 1) !== CLOSE_BRACE) return undefined;
  const out: JsonMember[] = [];
  if (text.length === 2) return out;
  let i = 1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0 || text.charCodeAt(keyEnd) !== COLON) return undefined;
    const end = valueEnd(text, keyEnd + 1);
    if (end < 0) return undefined;
    out.push({ key: text.slice(i, keyEnd), value: text.slice(keyEnd + 1, end) });
    const next = text.charCodeAt(end);
    if (next === CLOSE_BRACE) return end === text.length - 1 ? out : undefined;
    if (next !== COMMA) return undefined;
    i = end + 1;
  }
}
