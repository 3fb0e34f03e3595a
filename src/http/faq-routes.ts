import { buildFaqIndex, type FaqIndex, faqSettingsOf } from '../core/faq/faq-index.ts';
import { rankFaq } from '../core/faq/match.ts';
import type { Policy } from '../core/policy/types.ts';
import { inLocale } from '../runtime/faq-service.ts';
import type { ApiRoute } from './api-context.ts';

// A memo, not shared state: one index per policy object (a reload brings a new one), only ever
// what buildFaqIndex would answer for it.
const indexes = new WeakMap<Policy, FaqIndex>();

/** `POST /faq/match`: what intake would answer for a text, with the runners-up (tuning aid). */
export const faqRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/faq/match',
    operationId: 'faqMatch',
    summary: 'Try the live FAQ against a text, as intake would (best entries with confidence)',
    tag: 'faq',
    permission: 'policy:read',
    body: 'FaqMatchInput',
    ok: { status: 200, description: '`{ minConfidence, match?, candidates }`' },
    handle(req, _res, ctx) {
      const { text, locale } = req.body as { text: string; locale?: string };
      const policy = ctx.policy();
      const settings = faqSettingsOf(policy.doc);
      if (!settings) return { minConfidence: null, candidates: [] };
      let index = indexes.get(policy);
      if (!index) indexes.set(policy, (index = buildFaqIndex(settings.entries)));
      const ranked = rankFaq(index, text).slice(0, 3);
      const best = ranked[0] && ranked[0].confidence >= settings.minConfidence ? ranked[0] : undefined;
      return {
        minConfidence: settings.minConfidence,
        ...(best
          ? {
              match: {
                id: best.entry.id,
                confidence: best.confidence,
                answer: inLocale(best.entry.answer, locale ?? policy.locale, policy.locale),
              },
            }
          : {}),
        candidates: ranked.map((r) => ({
          id: r.entry.id,
          confidence: r.confidence,
          phrasing: r.phrasing,
          keywordHits: r.keywordHits,
        })),
      };
    },
  },
];
