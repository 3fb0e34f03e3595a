/**
 * keywords: category and sentiment facts from keyword lists (Chinese and English).
 * Facts: keywordCategory (first category whose keywords appear; "" when none), sentiment
 * ("negative" | "neutral" | "positive") and sentimentScore (positive hits − negative hits).
 */
import { definePlugin } from '../../src/index.ts';
import type { TicketInput } from '../../src/core/model/ticket.ts';
import { defaultCategories, defaultSentiment } from './lists.ts';

export interface KeywordsOptions {
  categories?: Record<string, string[]>;
  sentiment?: { negative?: string[]; positive?: string[] };
  /** Replace the default lists instead of adding to them. */
  replaceDefaults?: boolean;
}

const words = { type: 'array', items: { type: 'string', minLength: 1 } };

export const exampleOptions: KeywordsOptions = {
  categories: { fault: ['卡顿', 'lag'] },
  sentiment: { negative: ['差劲'] },
};

export default definePlugin<KeywordsOptions>({
  name: 'keywords',
  version: '0.1.0',
  switchboard: '^0.1.0',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      categories: { type: 'object', additionalProperties: words, description: 'category id → keywords' },
      sentiment: { type: 'object', additionalProperties: false, properties: { negative: words, positive: words } },
      replaceDefaults: { type: 'boolean', default: false },
    },
  },
  setup(host, options) {
    const base = options.replaceDefaults
      ? { categories: {}, sentiment: { negative: [], positive: [] } }
      : { categories: defaultCategories, sentiment: defaultSentiment };
    const categories = new Map<string, string[]>();
    for (const [id, list] of Object.entries(base.categories)) categories.set(id, [...list]);
    for (const [id, list] of Object.entries(options.categories ?? {}))
      categories.set(id, [...(categories.get(id) ?? []), ...list]);
    const lower = (l: readonly string[]) => l.map((k) => k.toLowerCase());
    const catLists = [...categories].map(([id, l]) => [id, lower(l)] as const);
    const negative = lower([...base.sentiment.negative, ...(options.sentiment?.negative ?? [])]);
    const positive = lower([...base.sentiment.positive, ...(options.sentiment?.positive ?? [])]);
    const text = (input: TicketInput) => `${input.subject}\n${input.description ?? ''}`.toLowerCase();
    const hits = (t: string, list: string[]) => list.reduce((n, k) => n + (t.includes(k) ? 1 : 0), 0);
    const score = (input: TicketInput) => {
      const t = text(input);
      return hits(t, positive) - hits(t, negative);
    };

    host.addFact({
      name: 'keywordCategory',
      description: 'first category (from the keywords plugin lists) whose keywords appear in the text; "" when none',
      compute: (input) => {
        const t = text(input);
        return catLists.find(([, list]) => list.some((k) => t.includes(k)))?.[0] ?? '';
      },
    });
    host.addFact({
      name: 'sentimentScore',
      description: 'positive minus negative keyword hits in the text',
      compute: score,
    });
    host.addFact({
      name: 'sentiment',
      description: '"negative", "neutral" or "positive" from keyword hits',
      compute: (input) => {
        const s = score(input);
        return s < 0 ? 'negative' : s > 0 ? 'positive' : 'neutral';
      },
    });
  },
});
