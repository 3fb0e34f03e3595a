import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetPath } from '../../src/runtime/presets.ts';
import { createPolicyLoader } from '../../src/config/load.ts';
import { readPolicySources } from '../../src/config/read-sources.ts';
import { confirmWordsFor, isConfirmation } from '../../src/core/faq/confirm.ts';
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
    // 怎么办 is a question form, cut before n-grams; characters and bigrams of the rest remain.
    expect(tokens('忘记密码怎么办？')).toEqual(['忘', '记', '密', '码', '忘记', '记密', '密码']);
    expect(tokens('发票怎么开?')).toEqual(['发', '票', '发票', '开']);
    expect(tokens('How do I reset my Passwords?')).toEqual(['reset', 'password']);
    expect(tokens('API密钥')).toEqual(['api', '密', '钥', '密钥']);
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

  it('word order and question forms do not change the answer; near misses still reach a person', async () => {
    const { settings, index } = await presetFaq('ecommerce');
    const score = (t: string) => matchFaq(index, t, 0)?.confidence ?? 0;
    const answer = (t: string) => matchFaq(index, t, settings.minConfidence)?.entry.id ?? null;
    // The same question in another order or with a question form answers like the plain one.
    for (const [a, b, id] of [
      ['发票怎么开?', '怎么开发票', 'invoice'],
      ['手机号怎么换绑？', '换绑手机号', 'change-phone'],
      ['收货地址怎么修改呢？', '修改收货地址', 'change-address'],
      ['password reset?', 'how do I reset my password', 'reset-password'],
    ] as const) {
      expect(answer(a), a).toBe(id);
      expect(answer(b), b).toBe(id);
      expect(score(a), a).toBeGreaterThanOrEqual(score(b) - 0.1);
    }
    // Near misses share an entry's words but report a fault: a person answers them.
    for (const t of [
      '客服电话一直打不通',
      '支付失败，无法下单',
      '导出数据时报错',
      'the export button does nothing',
      'app闪退',
    ])
      expect(answer(t), t).toBeNull();
  });

  it('a confirmation says the answer solved it; an acknowledgement does not', () => {
    const zh = confirmWordsFor(defaultConfirmWords, 'zh-CN', 'zh-CN');
    const en = confirmWordsFor(defaultConfirmWords, 'en-GB', 'zh-CN');
    for (const yes of ['1', '解决了', '可以了', '没问题了', '好的，解决了，谢谢', '已解决！'])
      expect(isConfirmation(yes, zh), yes).toBe(true);
    for (const yes of ['1', 'Solved', 'solved, thanks!', 'that fixed it', 'It worked'])
      expect(isConfirmation(yes, en), yes).toBe(true);
    for (const ack of ['好的', '好的，谢谢', '收到', '嗯', '谢谢', '还是不行', '没有解决', '不是', '2', ''])
      expect(isConfirmation(ack, zh), ack).toBe(false);
    for (const ack of ['ok', 'OK thanks', 'received', 'thanks', 'yes', 'no', 'solved? no, it still fails'])
      expect(isConfirmation(ack, en), ack).toBe(false);
    // A policy's own list per locale replaces the defaults; one list applies to every locale.
    expect(isConfirmation('ok', confirmWordsFor({ en: ['ok'] }, 'en', 'zh-CN'))).toBe(true);
    expect(isConfirmation('ok', confirmWordsFor(['ok'], 'zh-CN', 'zh-CN'))).toBe(true);
  });
});
