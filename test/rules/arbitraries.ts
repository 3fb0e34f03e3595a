import fc from 'fast-check';
import type { Condition, Facts, RuleDef } from '../../src/core/rules/index.ts';

/**
 * Random rule sets and facts for the parity property: small value pools so that conditions
 * actually match, every operator, nested all/any/not, paths, fact-to-fact comparisons, and the
 * awkward inputs (missing facts, null, numeric strings, arrays, nested objects).
 */
export const factNames = ['channel', 'category', 'tier', 'tags', 'customer', 'hour', 'text', 'priority'] as const;

const strings = [
  'web',
  'phone',
  'vip',
  'standard',
  'fault/payment',
  'fault/login',
  'Refund please',
  'a',
  '',
  'undefined',
];
const numberish = [0, 1, 5, 10, -1, 2.5, '5', '10', '9', '5px', 'abc', 'Infinity'];
const scalar = fc.oneof(fc.constantFrom(...strings), fc.constantFrom(...numberish), fc.constantFrom(null, true, false));
const list = fc.array(scalar, { maxLength: 4 });
const customer = fc.record(
  {
    tier: scalar,
    score: fc.constantFrom(...numberish),
    tags: list,
    address: fc.oneof(
      fc.record({ city: fc.constantFrom('Paris', 'Lyon', '') }, { requiredKeys: [], noNullPrototype: true }),
      fc.constant(null),
    ),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const factValue = fc.oneof(scalar, list, customer);

/** Facts: any subset of the names (missing ones stay missing), some deliberately odd. */
export const factsArb: fc.Arbitrary<Facts> = fc.record(
  {
    channel: fc.oneof(fc.constantFrom('web', 'phone', 'email'), factValue),
    category: fc.oneof(fc.constantFrom('fault/payment', 'fault/login', 'billing'), factValue),
    tier: fc.oneof(fc.constantFrom('vip', 'standard'), factValue),
    tags: fc.oneof(list, factValue),
    customer: fc.oneof(customer, factValue),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(...numberish), factValue),
    text: fc.oneof(fc.constantFrom('Refund please', 'payment failed 42', 'VIP outage', ''), factValue),
    priority: factValue,
  },
  { requiredKeys: [], noNullPrototype: true },
);

const paths = ['$.tier', '$.score', '$.tags', '$.tags[0]', '$.address.city', 'tier', '$.missing.deep'];
const regexes = ['^fault/', 'pay(ment)?', 'vip$', '\\d+', 'a|b', '^$'];
export const operatorNames = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'startsWith',
  'endsWith',
  'containsAny',
  'containsAll',
  'matches',
  'rawTruthy',
] as const;

function valueFor(op: string): fc.Arbitrary<unknown> {
  switch (op) {
    case 'in':
    case 'notIn':
      return fc.oneof({ weight: 8, arbitrary: list }, { weight: 1, arbitrary: fc.constantFrom('fault/payment', '') });
    case 'containsAny':
    case 'containsAll':
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: scalar },
      );
    case 'matches':
      return fc.constantFrom(...regexes);
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(0, 1, 5, 9, 10, 12, -1) },
        { weight: 1, arbitrary: scalar },
      );
    default:
      return fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: list });
  }
}

const factRef = fc.record(
  { fact: fc.constantFrom(...factNames), path: fc.constantFrom(...paths) },
  { requiredKeys: ['fact'], noNullPrototype: true },
);

const leaf: fc.Arbitrary<Condition> = fc.constantFrom(...operatorNames).chain((operator) =>
  fc.record(
    {
      fact: fc.constantFrom(...factNames),
      operator: fc.constant(operator),
      // Fact-to-fact `in`/`notIn` throws whenever the other fact is not a string or array: rare on purpose.
      value: fc.oneof(
        { weight: 9, arbitrary: valueFor(operator) },
        { weight: operator === 'in' || operator === 'notIn' ? 1 : 2, arbitrary: factRef },
      ),
      path: fc.constantFrom(...paths),
      priority: fc.integer({ min: 1, max: 3 }),
    },
    { requiredKeys: ['fact', 'operator', 'value'], noNullPrototype: true },
  ),
);

const condition = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 3 },
    { weight: 4, arbitrary: leaf },
    fc.record(
      { all: fc.array(tie('node'), { maxLength: 4 }), priority: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: ['all'] },
    ),
    fc.record(
      { any: fc.array(tie('node'), { maxLength: 4 }), priority: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: ['any'] },
    ),
    fc.record({ not: tie('node') }),
  ),
})).node;

const top = fc.oneof(
  fc.record({ all: fc.array(condition, { maxLength: 5 }) }),
  fc.record({ any: fc.array(condition, { maxLength: 5 }) }),
  fc.record({ not: condition }),
);

/** Leaves that index well: a top-level `all` starting with channel/category/tier equal or in. */
const indexable = fc.record({
  all: fc
    .tuple(
      fc
        .record({
          fact: fc.constantFrom('channel', 'category', 'tier'),
          operator: fc.constantFrom('equal', 'in'),
          value: fc.constantFrom('web', 'phone', 'fault/payment', 'vip'),
        })
        .map((c) => (c.operator === 'in' ? { ...c, value: [c.value, 'email'] } : c)),
      fc.array(condition, { maxLength: 3 }),
    )
    .map(([first, rest]) => [first as Condition, ...rest]),
});

export const ruleSetArb: fc.Arbitrary<RuleDef[]> = fc
  .array(
    fc.record({
      priority: fc.option(fc.constantFrom(0, 1, 2, 3, 5), { nil: undefined }),
      conditions: fc.oneof({ weight: 3, arbitrary: top }, { weight: 2, arbitrary: indexable }),
      params: fc.option(
        fc.record(
          { queue: fc.constantFrom('a', 'b'), nested: fc.record({ n: fc.nat(3) }) },
          { requiredKeys: ['queue'] },
        ),
        { nil: undefined },
      ),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((rs) =>
    rs.map((r, i) => {
      const rule: RuleDef = { id: `r${i}`, conditions: r.conditions, event: { type: `e${i % 4}` } };
      if (r.priority !== undefined) rule.priority = r.priority;
      if (r.params) rule.event.params = r.params;
      return rule;
    }),
  );

/**
 * Keyword rule sets for the keyword index: overlapping keywords (Aho-Corasick suffix links),
 * case and length-changing lowercase ('İ', 'ẞ'), CJK, surrogate pairs, the empty keyword, and
 * non-string keywords; texts built from the same fragments so keywords do occur.
 */
const fragments = [
  'he',
  'she',
  'his',
  'hers',
  'HERS',
  'Refund',
  'refund',
  'ref',
  'und',
  'İ',
  'i̇',
  'ẞ',
  'ß',
  '退款',
  '款',
  '😀',
  '\ud83d',
  'a',
  'aa',
  'aaa',
  ' ',
  '',
];
const keyword = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 3 }).map((xs) => xs.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(5, null, true) },
);
const keywordText = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.constantFrom(...fragments), { maxLength: 8 }).map((xs) => xs.join('')) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('he', 'she', 5), { maxLength: 3 }) },
  { weight: 1, arbitrary: scalar },
);
const keywordLeaf: fc.Arbitrary<Condition> = fc.record({
  fact: fc.constantFrom('text', 'subject'),
  operator: fc.constantFrom('containsAny', 'containsAll'),
  value: fc.oneof(
    { weight: 8, arbitrary: fc.array(keyword, { minLength: 1, maxLength: 5 }) },
    { weight: 1, arbitrary: keyword },
  ),
});
const keywordCondition: fc.Arbitrary<RuleDef['conditions']> = fc.oneof(
  fc.record({ any: fc.array(keywordLeaf, { minLength: 1, maxLength: 3 }) }),
  fc.record({ all: fc.array(fc.oneof(keywordLeaf, fc.record({ not: keywordLeaf })), { minLength: 1, maxLength: 3 }) }),
);
export const keywordRuleSetArb: fc.Arbitrary<RuleDef[]> = fc
  .array(keywordCondition, { minLength: 1, maxLength: 25 })
  .map((cs) => cs.map((conditions, i) => ({ id: `k${i}`, conditions, event: { type: 'hit' } })));
export const keywordFactsArb: fc.Arbitrary<Facts> = fc.record(
  { text: keywordText, subject: keywordText },
  { requiredKeys: [], noNullPrototype: true },
);
