import type { FaqEntry, FaqIndex } from './faq-index.ts';
import { normalise, tokens } from './tokens.ts';

export interface FaqMatch {
  entry: FaqEntry;
  /** 0–1: best phrasing similarity plus keyword hits. */
  confidence: number;
  phrasing: string;
  keywordHits: string[];
}

/**
 * Scores a ticket's text against every entry. Similarity of one phrasing is IDF-weighted:
 * how much of the phrasing the text covers (most of the weight) and how much of the text the
 * phrasing explains (so a long unrelated message that happens to share one word scores low).
 * Each keyword found in the text adds 0.1 (at most 0.2). Returns the best entries first.
 */
export function rankFaq(index: FaqIndex, text: string): FaqMatch[] {
  const seen = new Set(tokens(text));
  const norm = ` ${normalise(text)} `;
  const weigh = (set: Iterable<string>) => {
    let s = 0;
    for (const t of set) s += index.idf(t);
    return s;
  };
  const textWeight = weigh(seen);
  if (textWeight === 0) return [];
  const out: FaqMatch[] = [];
  for (const e of index.entries) {
    let best = 0;
    let phrasing = '';
    for (const p of e.phrasings) {
      const shared = weigh([...p.tokens].filter((t) => seen.has(t)));
      const whole = weigh(p.tokens);
      if (whole === 0 || shared === 0) continue;
      const coverage = shared / whole;
      const explained = shared / textWeight;
      const sim = 0.7 * coverage + 0.3 * explained;
      if (sim > best) {
        best = sim;
        phrasing = p.text;
      }
    }
    // CJK keywords match as substrings; latin ones as whole words.
    const keywordHits = e.keywords.filter((k) => (/[\u3400-\u9fff]/u.test(k) ? norm.includes(k) : norm.includes(` ${k} `)));
    const confidence = Math.min(1, best + Math.min(0.2, 0.1 * keywordHits.length));
    if (confidence > 0) out.push({ entry: e.entry, confidence: Math.round(confidence * 1000) / 1000, phrasing, keywordHits });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/** The best entry when it is at least `minConfidence` confident, else undefined. */
export function matchFaq(index: FaqIndex, text: string, minConfidence: number): FaqMatch | undefined {
  const best = rankFaq(index, text)[0];
  return best && best.confidence >= minConfidence ? best : undefined;
}
