import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetPath } from '../../src/runtime/presets.ts';
import { createPolicyLoader } from '../../src/config/load.ts';
import { readPolicySources } from '../../src/config/read-sources.ts';
import { isConfirmation } from '../../src/core/faq/confirm.ts';
import { buildFaqIndex, defaultConfirmWords, faqSettingsOf } from '../../src/core/faq/faq-index.ts';
import { evaluateFaq, parseLabelled } from '../../src/core/faq/evaluate.ts';
import { matchFaq } from '../../src/core/faq/match.ts';
import { tokens } from '../../src/core/faq/tokens.ts';

async function presetFaq(name: string) {
  const r = createPolicyLoader().fromTexts(await readPolicySources(presetPath(name)));
  if (!r.ok) throw new Error('preset did not load');
  const settings = faqSettingsOf(r.policy.doc)!;
  return { settings, index: buildFaqIndex(settings.entries) };
}

describe('FAQ matching', () => {
  it('tokenises Chinese as character bigrams and English as words without stop words', () => {
    expect(tokens('忘记密码怎么办？')).toEqual(['忘记', '记密', '密码', '码怎']); // 怎么 and 么办 are stop bigrams
    expect(tokens('How do I reset my Passwords?')).toEqual(['reset', 'password']);
    expect(tokens('API密钥')).toEqual(['api', '密钥']);
  });

  it('on the labelled set shipped with the base preset: precision ≥ 0.9 and recall ≥ 0.8', async () => {
    const { settings, index } = await presetFaq('base');
    const rows = parseLabelled(readFileSync(join(presetPath('base'), 'faq-labelled.jsonl'), 'utf8'));
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(rows.filter((r) => r.expected === null).length).toBeGreaterThanOrEqual(20);
    const q = evaluateFaq(index, rows, settings.minConfidence);
    expect(q.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('every shipped question (each locale) answers itself in every preset that has it', async () => {
    for (const name of ['base', 'ecommerce', 'saas']) {
      const { settings, index } = await presetFaq(name);
      expect(settings.entries.length).toBeGreaterThanOrEqual(name === 'base' ? 8 : 11);
      for (const e of settings.entries) {
        expect(Object.keys(e.question).sort()).toEqual(['en', 'zh-CN']);
        expect(Object.keys(e.answer).sort()).toEqual(['en', 'zh-CN']);
        for (const q of Object.values(e.question))
          expect(matchFaq(index, q, settings.minConfidence)?.entry.id, `${name}: ${q}`).toBe(e.id);
      }
    }
  });

  it('a confirmation is a confirm word, not a reply that merely starts with one', () => {
    for (const yes of ['1', '是', '是的，谢谢', '解决了', 'Yes', 'yes thanks!', 'solved', 'OK'])
      expect(isConfirmation(yes, defaultConfirmWords), yes).toBe(true);
    for (const no of ['2', 'no', 'yes but it still fails', '没有解决', '不是', 'I need a person', ''])
      expect(isConfirmation(no, defaultConfirmWords), no).toBe(false);
  });
});
