/**
 * Operators: json-rules-engine's built-ins (names only: the engine implements them) and
 * Switchboard's own, as plain synchronous functions shared by the engine and the compiled
 * evaluator so both decide identically. Plugins add more through `addOperator`.
 */
import { compileSafeRegex, type SafeRegex } from './safe-regex.ts';

export type OperatorFn = (factValue: unknown, compareTo: unknown) => boolean;

export interface OperatorDef {
  name: string;
  evaluate: OperatorFn;
  /** When false for the fact value, the operator returns false (json-rules-engine semantics). */
  accepts?: (factValue: unknown) => boolean;
  /** Checks the rule's `value` at load time; returns a problem message or undefined. */
  checkValue?: (value: unknown) => string | undefined;
  description: string;
  /**
   * True when `evaluate` returns a promise. json-rules-engine awaits it; the compiled evaluator
   * cannot, so rule sets using such an operator run on the engine.
   */
  async?: boolean;
  /**
   * True when neither `accepts` nor `evaluate` can throw for any fact value, given a literal
   * `value` that `checkValue` accepts. Lets the compiled evaluator short-circuit and index rules
   * using it; without it such leaves are always evaluated exactly where the engine evaluates them.
   */
  total?: boolean;
  /**
   * Declares keyword semantics, letting the compiled evaluator answer literal keyword lists of a
   * whole rule set from one scan of the text (src/rules/compiled/keyword-index.ts): a string fact
   * holds a keyword when `fact.toLowerCase().includes(keyword.toLowerCase())` (non-string
   * keywords never), an array fact when `fact.includes(keyword)`, anything else never; 'any'
   * needs one keyword, 'all' every one. `evaluate` must answer exactly that.
   */
  keywords?: 'any' | 'all';
  /**
   * True when the answer depends only on the fact value and the rule's value (no clock, no
   * state): the compiled evaluator may then reuse an answer for the same string fact value.
   */
  pure?: boolean;
}

export const builtinOperators = [
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
] as const;

const isString = (v: unknown): v is string => typeof v === 'string';

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

const stringOrArray = (v: unknown) => isString(v) || Array.isArray(v);
const needsList = (v: unknown) => (Array.isArray(v) && v.length > 0 ? undefined : 'expects a non-empty list of values');
const needsString = (v: unknown) => (isString(v) ? undefined : 'expects a string value');

export function createSwitchboardOperators(): OperatorDef[] {
  // One cache per registry (not per module): compiled regexes are reused across runs.
  const regexCache = new Map<string, SafeRegex>();
  const regex = (pattern: string) => {
    let re = regexCache.get(pattern);
    if (!re) {
      re = compileSafeRegex(pattern);
      regexCache.set(pattern, re);
    }
    return re;
  };
  // Keyword match: case-insensitive substring for text, membership for arrays. Rules test the
  // same ticket text over and over, so the last text and the keywords are lowered once.
  let lastText: string | undefined;
  let lastLower = '';
  const lowerText = (t: string) => (t === lastText ? lastLower : ((lastText = t), (lastLower = t.toLowerCase())));
  const keywordCache = new Map<string, string>();
  const lowerKeyword = (k: string) => {
    let low = keywordCache.get(k);
    if (low === undefined) {
      if (keywordCache.size >= 4096) keywordCache.clear();
      low = k.toLowerCase();
      keywordCache.set(k, low);
    }
    return low;
  };
  const keywordTest = (fact: unknown): ((keyword: unknown) => boolean) => {
    if (isString(fact)) {
      const text = lowerText(fact);
      return (k) => isString(k) && text.includes(lowerKeyword(k));
    }
    if (Array.isArray(fact)) return (k) => fact.includes(k);
    return () => false;
  };
  return [
    {
      name: 'startsWith',
      pure: true,
      description: 'text starts with the value (case-sensitive); for category prefixes like "fault/"',
      accepts: isString,
      checkValue: needsString,
      total: true,
      evaluate: (fact, value) => isString(fact) && isString(value) && fact.startsWith(value),
    },
    {
      name: 'endsWith',
      pure: true,
      description: 'text ends with the value (case-sensitive)',
      accepts: isString,
      checkValue: needsString,
      total: true,
      evaluate: (fact, value) => isString(fact) && isString(value) && fact.endsWith(value),
    },
    {
      name: 'containsAny',
      description: 'text contains any keyword (case-insensitive), or a list holds any of the values',
      accepts: stringOrArray,
      checkValue: needsList,
      total: true,
      keywords: 'any',
      evaluate: (fact, value) => asList(value).some(keywordTest(fact)),
    },
    {
      name: 'containsAll',
      description: 'text contains every keyword (case-insensitive), or a list holds all the values',
      accepts: stringOrArray,
      checkValue: needsList,
      total: true,
      keywords: 'all',
      evaluate: (fact, value) => asList(value).every(keywordTest(fact)),
    },
    {
      name: 'matches',
      pure: true,
      description:
        'text matches the regular expression (case-insensitive, Unicode; RE2 syntax, matched in linear time: no backreferences or lookarounds)',
      accepts: isString,
      total: true, // for a literal pattern that checkValue accepts
      checkValue: (v) => {
        if (!isString(v)) return 'expects a regular expression as a string';
        try {
          compileSafeRegex(v);
          return undefined;
        } catch (e) {
          return `is not a regular expression Switchboard can match safely: ${(e as Error).message}`;
        }
      },
      evaluate: (fact, value) => isString(fact) && isString(value) && regex(value).test(fact),
    },
  ];
}

export interface OperatorRegistry {
  has(name: string): boolean;
  get(name: string): OperatorDef | undefined;
  names(): string[];
  /** Operators beyond json-rules-engine's built-ins (ours and plugins'). */
  custom(): OperatorDef[];
  add(def: OperatorDef): void;
}

export function createOperatorRegistry(extra: OperatorDef[] = []): OperatorRegistry {
  const custom = new Map<string, OperatorDef>();
  const registry: OperatorRegistry = {
    has: (name) => (builtinOperators as readonly string[]).includes(name) || custom.has(name),
    get: (name) => custom.get(name),
    names: () => [...builtinOperators, ...custom.keys()],
    custom: () => [...custom.values()],
    add(def) {
      if (def.name.includes(':')) throw new Error(`operator name "${def.name}" must not contain ":"`);
      if (registry.has(def.name)) throw new Error(`operator "${def.name}" is already defined`);
      custom.set(def.name, def);
    },
  };
  for (const def of [...createSwitchboardOperators(), ...extra]) registry.add(def);
  return registry;
}
