import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { presetPath } from '../src/runtime/presets.ts';
import { createPolicyLoader } from '../src/config/load.ts';
import { readPolicySources } from '../src/config/read-sources.ts';
import { buildFaqIndex, faqSettingsOf } from '../src/core/faq/faq-index.ts';
import { evaluateFaq, parseLabelled } from '../src/core/faq/evaluate.ts';
import { matchFaq } from '../src/core/faq/match.ts';
import { qaConfigOf } from '../src/core/qa/config.ts';
import { sampleTickets } from '../src/core/qa/sample.ts';
import { generateTickets } from '../test/helpers/qa-tickets.ts';
import type { BenchOptions } from './registry.ts';

/**
 * FAQ match quality on the labelled set shipped with the base preset (precision, recall at the
 * preset's minConfidence and a sweep of thresholds), match speed, and QA sampling speed.
 */
export async function benchFaq(opts: BenchOptions = {}): Promise<Record<string, unknown>> {
  const r = createPolicyLoader().fromTexts(await readPolicySources(presetPath('base')));
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const settings = faqSettingsOf(r.policy.doc)!;
  const index = buildFaqIndex(settings.entries);
  const rows = parseLabelled(await readFile(join(presetPath('base'), 'faq-labelled.jsonl'), 'utf8'));
  const quality = evaluateFaq(index, rows, settings.minConfidence);
  const sweep = [0.4, 0.5, 0.6, 0.7, 0.8].map((t) => {
    const q = evaluateFaq(index, rows, t);
    return { minConfidence: t, precision: round(q.precision), recall: round(q.recall), f1: round(q.f1) };
  });

  // The held-out set: written apart from the entries (other words, word orders and question
  // forms, and near misses that share an entry's words but need a person), scored against the
  // ecommerce preset's FAQ.
  const shop = createPolicyLoader().fromTexts(await readPolicySources(presetPath('ecommerce')));
  if (!shop.ok) throw new Error(shop.problems.map((p) => p.message).join('\n'));
  const shopSettings = faqSettingsOf(shop.policy.doc)!;
  const heldOut = evaluateFaq(
    buildFaqIndex(shopSettings.entries),
    parseLabelled(await readFile(join(import.meta.dirname, 'faq-labelled.jsonl'), 'utf8')),
    shopSettings.minConfidence,
  );

  const n = opts.quick ? 2_000 : 20_000;
  const texts = rows.map((row) => row.text);
  const started = performance.now();
  for (let i = 0; i < n; i++) matchFaq(index, texts[i % texts.length]!, settings.minConfidence);
  const matchesPerSec = Math.round(n / ((performance.now() - started) / 1000));

  const qa = qaConfigOf(r.policy.doc)!;
  const tickets = generateTickets(opts.quick ? 10_000 : 100_000, { seed: 7 });
  const s0 = performance.now();
  const record = sampleTickets(
    tickets,
    qa,
    { id: 'bench', from: '', to: '' },
    { now: new Date(), policyVersion: r.policy.version },
  );
  const sampleMs = Math.round(performance.now() - s0);

  return {
    faq: {
      labelled: quality.labelled,
      positives: quality.positives,
      answered: quality.answered,
      correct: quality.correct,
      precision: round(quality.precision),
      recall: round(quality.recall),
      f1: round(quality.f1),
      minConfidence: settings.minConfidence,
      mistakes: quality.mistakes,
      heldOut: {
        preset: 'ecommerce',
        labelled: heldOut.labelled,
        positives: heldOut.positives,
        answered: heldOut.answered,
        correct: heldOut.correct,
        precision: round(heldOut.precision),
        recall: round(heldOut.recall),
        f1: round(heldOut.f1),
        mistakes: heldOut.mistakes.length,
      },
      sweep,
      matchesPerSec,
      entries: settings.entries.length,
    },
    qaSampling: {
      tickets: tickets.length,
      sampled: record.size,
      share: round(record.size / tickets.length),
      ms: sampleMs,
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchFaq({ quick: process.argv.includes('--quick') }), null, 2));
}
