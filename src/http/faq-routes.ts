import { Router } from 'express';
import type { Policy } from '../core/policy/types.ts';
import { buildFaqIndex, faqSettingsOf, type FaqIndex } from '../core/faq/faq-index.ts';
import { rankFaq } from '../core/faq/match.ts';
import { inLocale } from '../runtime/faq-service.ts';

/** `POST /faq/match`: what intake would answer for a text, with the runners-up (tuning aid). */
export function createFaqRoutes(deps: { policy: () => Policy }): Router {
  const router = Router();
  // One index per live policy (a reload brings a new policy object, so a new index).
  const indexes = new WeakMap<Policy, FaqIndex>();
  router.post('/faq/match', (req, res) => {
    const { text, locale } = req.body as { text: string; locale?: string };
    const policy = deps.policy();
    const settings = faqSettingsOf(policy.doc);
    if (!settings) {
      res.json({ minConfidence: null, candidates: [] });
      return;
    }
    let index = indexes.get(policy);
    if (!index) indexes.set(policy, (index = buildFaqIndex(settings.entries)));
    const ranked = rankFaq(index, text).slice(0, 3);
    const best = ranked[0] && ranked[0].confidence >= settings.minConfidence ? ranked[0] : undefined;
    res.json({
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
    });
  });
  return router;
}
