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
 * Each keyword found in the text adds 0.1 (at most 0.2); a fault cue the phrasing does not
 * share multiplies by 0.6. Returns the best entries first.
 */
// Words of a fault report: the FAQ answers how-to questions, so "cannot export" or "客服电话打不通"
// is a problem for a person unless the phrasing itself is about that failure ("密码忘了登录不了").
const faultCue =
  /不了|打不通|打不开|失败|报错|错误|闪退|错了|异常|\b(cannot|can ?t|not working|failed|fails|error|broken|crash\w*)\b/u;

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
  const cue = norm.match(faultCue)?.[0];
  const out: FaqMatch[] = [];
  for (const e of index.entries) {
    let best = 0;
    let phrasing = '';
    let penalty = 1;
    for (const p of e.phrasings) {
      const whole = p.weight;
      if (whole === 0) continue;
      let shared = 0;
      for (let i = 0; i < p.list.length; i++) if (seen.has(p.list[i]!)) shared += p.idfs[i]!;
      if (shared === 0) continue;
      const coverage = shared / whole;
      const explained = shared / textWeight;
      const pen = cue !== undefined && !p.norm.includes(cue) ? 0.6 : 1;
      const sim = (0.7 * coverage + 0.3 * explained) * pen;
      if (sim > best) {
        best = sim;
        phrasing = p.text;
        penalty = pen;
      }
    }
    // CJK keywords match as substrings; latin ones as whole words.
    const keywordHits = e.keywords.filter((k, i) => (e.keywordCjk[i] ? norm.includes(k) : norm.includes(` ${k} `)));
    const confidence = Math.min(1, best + Math.min(0.2, 0.1 * keywordHits.length) * penalty);
    if (confidence > 0)
      out.push({ entry: e.entry, confidence: Math.round(confidence * 1000) / 1000, phrasing, keywordHits });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/** The best entry when it is at least `minConfidence` confident, else undefined. */
export function matchFaq(index: FaqIndex, text: string, minConfidence: number): FaqMatch | undefined {
  const best = rankFaq(index, text)[0];
  return best && best.confidence >= minConfidence ? best : undefined;
}
