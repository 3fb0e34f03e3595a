import { normalise } from './tokens.ts';

/**
 * The confirm words for a ticket's locale: its own list, else its language's, else the
 * policy locale's, else every list (a single list applies to every locale).
 */
export function confirmWordsFor(
  words: Readonly<Record<string, readonly string[]>> | readonly string[],
  locale: string,
  fallback: string,
): readonly string[] {
  if (Array.isArray(words)) return words;
  const byLocale = words as Readonly<Record<string, readonly string[]>>;
  const lang = locale.split('-')[0]!;
  const langKey = Object.keys(byLocale).find((k) => k.split('-')[0] === lang);
  return (
    byLocale[locale] ??
    (langKey ? byLocale[langKey] : undefined) ??
    byLocale[fallback] ??
    Object.values(byLocale).flat()
  );
}

const negations =
  /不|没|未|别|还是|仍然|\bnot\b|\bno\b|\bnope\b|\bstill\b|\bdidn|\bdoesn|\bdon|\bcan ?t\b|\bcannot\b|\bisn|\bwon/u;

/**
 * Did the customer confirm the answer solved it? The whole reply is a confirm word ("1",
 * "解决了", "solved"), or starts with one (a short Chinese reply: holds one) and carries no
 * negation ("solved, thanks" but not "solved? no, still broken"). Anything else goes to a person.
 */
export function isConfirmation(body: string, words: readonly string[]): boolean {
  const text = normalise(body);
  if (!text) return false;
  const normalisedWords = words.map(normalise).filter(Boolean);
  if (normalisedWords.includes(text)) return true;
  if (negations.test(text)) return false;
  return normalisedWords.some(
    (w) =>
      text.startsWith(`${w} `) ||
      // Chinese replies wrap the word in courtesy ("好的，解决了，谢谢"): a short reply holding it counts.
      (/[\u3400-\u9fff]/u.test(w) && text.includes(w) && text.length <= w.length + 6),
  );
}
