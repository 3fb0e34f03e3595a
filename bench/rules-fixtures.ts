import type { Condition, Facts, RuleDef } from '../src/core/rules/index.ts';
import { seededRandom } from '../test/helpers/random.ts';

/** Deterministic generator (mulberry32): the same seed gives the same rules and tickets. */
export function createRandom(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const some = <T>(xs: readonly T[], n: number): T[] => Array.from(new Set(Array.from({ length: n }, () => pick(xs))));
  return { next, int, pick, some };
}

const channels = ['phone', 'email', 'web-form', 'chat', 'whatsapp', 'wechat', 'app', 'partner', 'store', 'social'];
const kinds = ['voice', 'online', 'async', 'form', 'social', 'referral'];
const groups = ['fault', 'billing', 'account', 'delivery', 'complaint', 'sales', 'privacy', 'tech'];
const leaves = ['payment-failed', 'login', 'refund', 'outage', 'late', 'damaged', 'cancel', 'upgrade', 'gdpr', 'bug'];
const tiers = ['standard', 'silver', 'gold', 'vip'];
const keywords = [
  'refund',
  'chargeback',
  'outage',
  'down',
  'cannot login',
  'password',
  'invoice',
  'late',
  'broken',
  'cancel',
  'lawyer',
  'gdpr',
  'delete my data',
  'urgent',
  'asap',
  'damaged',
  'missing',
  'upgrade',
  'price',
  'bug',
  '退款',
  '投诉',
  'fraud',
  'hacked',
  'double charged',
  'never arrived',
  'wrong item',
  'slow',
  'crash',
  'error',
];
const locales = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'zh-CN', 'ja-JP', 'es-ES'];
const intents = ['cancel', 'complain', 'buy', 'ask', 'report'];
const categories = groups.flatMap((g) => leaves.slice(0, 4).map((l) => `${g}/${l}`));

/** Realistic policy rules: channel/category/tier gates around keyword lists and customer paths. */
export function createBenchRules(count: number, seed = 7): RuleDef[] {
  const r = createRandom(seed);
  const kw = (): Condition => ({ fact: 'text', operator: 'containsAny', value: r.some(keywords, 2 + r.int(5)) });
  const vip = (): Condition => ({
    fact: 'customer',
    path: '$.tier',
    operator: 'in',
    value: r.some(tiers.slice(1), 1 + r.int(2)),
  });
  const templates: (() => RuleDef['conditions'])[] = [
    () => ({ all: [{ fact: 'channel', operator: 'in', value: r.some(channels, 2) }, { any: [kw(), vip()] }] }),
    () => ({
      all: [
        { fact: 'categoryGroup', operator: 'equal', value: r.pick(groups) },
        vip(),
        { fact: 'hour', operator: 'greaterThanInclusive', value: 8 + r.int(3) },
        { fact: 'hour', operator: 'lessThan', value: 17 + r.int(4) },
      ],
    }),
    () => ({
      any: [
        kw(),
        {
          fact: 'subject',
          operator: 'matches',
          value: `^(re: )?${r.pick(['urgent', 'refund', 'order \\d+', 'help'])}`,
        },
      ],
    }),
    () => ({
      all: [
        { fact: 'tier', operator: 'equal', value: r.pick(tiers) },
        { not: { fact: 'tags', operator: 'contains', value: 'test' } },
        { fact: 'category', operator: 'startsWith', value: `${r.pick(groups)}/` },
      ],
    }),
    () => ({
      all: [
        { fact: 'channelKind', operator: 'equal', value: r.pick(kinds) },
        {
          any: [
            { fact: 'locale', operator: 'in', value: r.some(locales, 2) },
            { fact: 'fields', path: '$.intent', operator: 'equal', value: r.pick(intents) },
          ],
        },
      ],
    }),
    () => ({
      all: [
        { fact: 'category', operator: 'equal', value: r.pick(categories) },
        { any: [kw(), { fact: 'customer', path: '$.ltv', operator: 'greaterThan', value: 1000 * (1 + r.int(9)) }] },
      ],
    }),
  ];
  return Array.from({ length: count }, (_, i) => ({
    id: `rule-${i}`,
    priority: 1 + r.int(5),
    conditions: r.pick(templates)(),
    event: { type: 'route', params: { queue: `q-${r.int(20)}`, skill: r.pick(['billing', 'tech', 'vip-desk']) } },
  }));
}

/** Tickets as the pipeline's facts: missing values, numbers as strings now and then. */
export function createBenchTickets(count: number, seed = 11): Facts[] {
  const r = createRandom(seed);
  return Array.from({ length: count }, () => {
    const category = r.next() < 0.1 ? '' : r.pick(categories);
    const subject = `${r.pick(['', 'Re: ', 'URGENT '])}${r.pick(['refund', 'order 123', 'help', 'question', 'urgent'])} ${r.pick(keywords)}`;
    const description = `${r.some(keywords, r.int(4)).join(' and ')} please`;
    const tier = r.pick(tiers);
    const facts: Facts = {
      channel: r.pick(channels),
      channelKind: r.pick(kinds),
      category,
      categoryGroup: category.split('/')[0],
      subject,
      description,
      text: `${subject}\n${description}`,
      customer: {
        tier,
        ltv: r.next() < 0.2 ? String(r.int(10000)) : r.int(10000),
        region: r.pick(['eu', 'us', 'apac']),
      },
      tier,
      tags: r.some(['test', 'vip', 'repeat', 'press', 'legal'], r.int(3)),
      fields: r.next() < 0.5 ? { intent: r.pick(intents) } : {},
      locale: r.pick(locales),
      hour: r.int(24),
      weekday: r.pick(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    };
    if (r.next() < 0.05) delete facts.customer;
    return facts;
  });
}
