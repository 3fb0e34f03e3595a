import { RE2JS } from 're2js';

/** A compiled pattern that answers in time linear in the text, whatever the pattern. */
export interface SafeRegex {
  test(text: string): boolean;
}

/** Long enough for any keyword alternation an admin writes; bounds the compiled program. */
export const maxPatternLength = 4096;

/**
 * Rule patterns come from policy files, plugins and candidates sent to simulate: they are
 * untrusted. JavaScript's RegExp backtracks (`(a+)+$` on 28 characters froze the server for
 * seconds), so patterns run on RE2 (re2js, pure JavaScript), which never backtracks. RE2 has no
 * backreferences or lookarounds: such patterns are refused where they are written (the thrown
 * message says why), never at match time.
 */
export function compileSafeRegex(pattern: string): SafeRegex {
  if (pattern.length > maxPatternLength)
    throw new Error(`the pattern is ${pattern.length} characters long; at most ${maxPatternLength}`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    const message = (e as Error).message.replace(/^error parsing regexp: /, '');
    throw new Error(`${message} (backreferences like \\1 and lookarounds like (?=…) are not supported)`);
  }
  return { test: (text) => re.test(text) };
}
