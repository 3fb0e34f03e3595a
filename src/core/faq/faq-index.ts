import type { PolicyDoc } from '../policy/types.ts';
import { normalise, tokens } from './tokens.ts';

export interface FaqEntry {
  id: string;
  question: Record<string, string>;
  phrasings?: string[];
  keywords?: string[];
  answer: Record<string, string>;
}

export interface FaqSettings {
  enabled: boolean;
  minConfidence: number;
  countsAsFirstResponse: boolean;
  channels?: string[];
  /** Per locale (or one list for every locale): replies that say the answer solved it. */
  confirmWords: Record<string, string[]> | string[];
  prompt: Record<string, string>;
  botName: string;
  entries: FaqEntry[];
}

interface FaqDoc extends Partial<Omit<FaqSettings, 'entries'>> {
  entries?: FaqEntry[];
}

/**
 * Replies that say the answer *solved* it, per locale. Acknowledgements ("ok", "好的", "收到",
 * "received", "thanks") are not here: they say the answer was read, not that it worked, and the
 * ticket stays with the person it was routed to.
 */
export const defaultConfirmWords: Record<string, string[]> = {
  'zh-CN': ['1', '解决了', '已解决', '问题解决了', '可以了', '好了', '没问题了', '搞定了', '成功了', '能用了'],
  en: [
    '1',
    'solved',
    'resolved',
    'that solved it',
    'problem solved',
    'that fixed it',
    'fixed',
    'it worked',
    'that worked',
    'works now',
    'it works now',
  ],
};

export const defaultPrompt: Record<string, string> = {
  'zh-CN': '如果这解决了您的问题，请回复 1；回复其他任何内容，我们会为您转接人工客服。',
  en: 'Reply 1 if this solved it; reply anything else to reach a person.',
};

/** The `faq:` section with defaults, or undefined when the policy has none. */
export function faqSettingsOf(doc: PolicyDoc): FaqSettings | undefined {
  const faq = doc.faq as FaqDoc | undefined;
  if (!faq) return undefined;
  return {
    enabled: faq.enabled ?? true,
    minConfidence: faq.minConfidence ?? 0.6,
    countsAsFirstResponse: faq.countsAsFirstResponse ?? false,
    ...(faq.channels ? { channels: faq.channels } : {}),
    confirmWords: faq.confirmWords ?? defaultConfirmWords,
    prompt: { ...defaultPrompt, ...faq.prompt },
    botName: faq.botName ?? 'Switchboard',
    entries: faq.entries ?? [],
  };
}

/** A phrasing ready to score: its text normalised, its distinct tokens with their IDF, and their sum. */
export interface IndexedPhrasing {
  text: string;
  norm: string;
  list: string[];
  idfs: number[];
  weight: number;
}

/** One entry ready to score: its phrasings and normalised keywords. */
export interface IndexedEntry {
  entry: FaqEntry;
  phrasings: IndexedPhrasing[];
  keywords: string[];
  /** Per keyword: CJK keywords match as substrings, latin ones as whole words. */
  keywordCjk: boolean[];
}

export interface FaqIndex {
  entries: IndexedEntry[];
  /** Inverse document frequency over entries: a token every entry shares says little. */
  idf(token: string): number;
}

export function buildFaqIndex(entries: readonly FaqEntry[]): FaqIndex {
  const texts = entries.map((entry) =>
    [...Object.values(entry.question), ...(entry.phrasings ?? [])].map((text) => ({
      text,
      list: [...new Set(tokens(text))],
    })),
  );
  const df = new Map<string, number>();
  for (const phrasings of texts) {
    for (const t of new Set(phrasings.flatMap((p) => p.list))) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = Math.max(1, entries.length);
  // Unknown tokens (only in the ticket) weigh as much as the rarest known ones.
  const idf = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));
  return {
    entries: entries.map((entry, i) => {
      const keywords = (entry.keywords ?? []).map(normalise).filter(Boolean);
      return {
        entry,
        phrasings: texts[i]!.map(({ text, list }) => {
          const idfs = list.map(idf);
          let weight = 0;
          for (const w of idfs) weight += w;
          return { text, norm: normalise(text), list, idfs, weight };
        }),
        keywords,
        keywordCjk: keywords.map((k) => /[\u3400-\u9fff]/u.test(k)),
      };
    }),
    idf,
  };
}
