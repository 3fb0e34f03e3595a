import { normalise } from './tokens.ts';

const negations =
  /不|没|未|别|还是|仍然|\bnot\b|\bno\b|\bnope\b|\bstill\b|\bdidn|\bdoesn|\bdon|\bcan ?t\b|\bcannot\b|\bisn|\bwon/u;

/**
 * Did the customer confirm the answer solved it? The whole reply is a confirm word ("1", "是",
 * "yes"), or starts with one and carries no negation ("yes, thanks" but not "yes but still
 * broken"). Anything else goes to a person.
 */
export function isConfirmation(body: string, words: readonly string[]): boolean {
  const text = normalise(body);
  if (!text) return false;
  const normalisedWords = words.map(normalise).filter(Boolean);
  if (normalisedWords.includes(text)) return true;
  if (negations.test(text)) return false;
  return normalisedWords.some(
    (w) =>
      text.startsWith(`${w} `) || (/[\u3400-\u9fff]/u.test(w) && text.startsWith(w) && text.length <= w.length + 6),
  );
}
