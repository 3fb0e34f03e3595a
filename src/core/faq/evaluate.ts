import type { FaqIndex } from './faq-index.ts';
import { matchFaq } from './match.ts';

export interface LabelledText {
  text: string;
  /** The FAQ entry id that should answer it, or null when a person should. */
  expected: string | null;
}

export interface FaqQuality {
  labelled: number;
  positives: number;
  answered: number;
  correct: number;
  /** Of the texts the FAQ answered, the share answered with the right entry. */
  precision: number;
  /** Of the texts that have a right entry, the share answered with it. */
  recall: number;
  f1: number;
  /** Texts answered that should have gone to a person, or with the wrong entry. */
  mistakes: { text: string; expected: string | null; got: string | null; confidence: number }[];
}

/** Precision and recall of the matcher on a labelled set at a confidence threshold. Pure. */
export function evaluateFaq(index: FaqIndex, rows: readonly LabelledText[], minConfidence: number): FaqQuality {
  let answered = 0;
  let correct = 0;
  const mistakes: FaqQuality['mistakes'] = [];
  for (const row of rows) {
    const m = matchFaq(index, row.text, minConfidence);
    const got = m?.entry.id ?? null;
    if (got !== null) answered++;
    if (got !== null && got === row.expected) correct++;
    if (got !== row.expected)
      mistakes.push({ text: row.text, expected: row.expected, got, confidence: m?.confidence ?? 0 });
  }
  const positives = rows.filter((r) => r.expected !== null).length;
  const precision = answered === 0 ? 1 : correct / answered;
  const recall = positives === 0 ? 1 : correct / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { labelled: rows.length, positives, answered, correct, precision, recall, f1, mistakes };
}

export function parseLabelled(text: string): LabelledText[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledText);
}
