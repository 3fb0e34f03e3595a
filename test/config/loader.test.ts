import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPolicyLoader, formatProblem, type LoadResult, type Problem } from '../../src/config/index.ts';

const basePreset = fileURLToPath(new URL('../../configs/presets/base/', import.meta.url));

/**
 * 1-based line and column of the `nth` occurrence of `needle` in `text`, computed from the
 * text itself: the expected position is where an admin would look, not what the loader says.
 */
function posOf(text: string, needle: string, nth = 1): { line: number; col: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${nth}) not in text`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const col = index - before.lastIndexOf('\n');
  return { line, col };
}

/** A small valid policy in one file; `extra` is appended as more top-level keys. */
const mini = (extra = '') => `version: 1
id: mini
timezone: UTC
channels:
  - { id: phone, kind: voice }
  - { id: email, kind: async }
categories:
  - id: fault
    children:
      - { id: payment-failed }
priorities:
  levels: [P0, P1]
  default: P1
agents:
  - { id: ann, name: Ann }
routing:
  fallback: support
  groups:
    - { id: support, members: [ann] }
slas:
  - id: std
    targets:
      firstResponse: { P0: 5m, P1: 1h }
      resolution: { P0: 2h, P1: 1d }
${extra}`;

function load(text: string, file = 'policy.yaml'): LoadResult {
  return createPolicyLoader().fromTexts([{ file, text }]);
}

function errors(result: LoadResult): Problem[] {
  return result.problems.filter((p) => p.severity !== 'warning');
}

/** The policy must be refused with exactly one error; returns it. */
function onlyError(result: LoadResult): Problem {
  expect(result.ok).toBe(false);
  const list = errors(result);
  expect(list.map(formatProblem)).toHaveLength(1);
  return list[0] as Problem;
}

describe('policy loader: valid policies', () => {
  it('loads the base preset with no problems at all', async () => {
    const result = await createPolicyLoader().fromPath(basePreset);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.doc.id).toBe('base');
    expect(result.policy.priorities).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(result.policy.timezone).toBe('Asia/Shanghai');
    // all seven files were merged: every kind is present
    expect(result.policy.channels.has('phone')).toBe(true);
    expect(result.policy.categories.get('fault/payment-failed')?.parent).toBe('fault');
    expect(result.policy.groups.get('vip-desk')?.members).toEqual(['he', 'lin']);
    expect(result.policy.rules.classification.rules.length).toBeGreaterThan(0);
    expect(Object.keys(result.policy.doc.scripts ?? {})).toContain('firstResponse');
    expect(result.policy.sources[0]).toMatch(/policy\.yaml$/);
  });

  it('accepts the in-memory mini policy used by the tests below', () => {
    const result = load(mini());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('policy loader: each mistake is reported at the file, line and column the admin wrote', () => {
  it('YAML syntax error → SWB_CONFIG_YAML at the offending text', () => {
    const text = mini('scripts:\n  greet: a: b\n');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_YAML');
    expect(p.file).toBe('policy.yaml');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'a: b'));
    expect(p.message).toMatch(/^YAML syntax error: /);
  });

  it('duplicate key → SWB_CONFIG_YAML at the second occurrence', () => {
    const text = mini('timezone: Asia/Shanghai\n');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_YAML');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'timezone:', 2));
    expect(p.message).toMatch(/duplicate key/);
  });

  it('unknown top-level key (typo) → SWB_CONFIG_SCHEMA naming the key, at the key', () => {
    const text = mini('scirpts:\n  greet: { en: Hello }\n');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_SCHEMA');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'scirpts'));
    expect(p.message).toContain('unknown key "scirpts"');
    expect(p.path).toBe('/scirpts');
  });

  it('unknown nested key (typo) → SWB_CONFIG_SCHEMA at the misspelt key', () => {
    const text = mini().replace('{ id: support, members: [ann] }', '{ id: support, memebrs: [ann] }');
    const result = load(text);
    expect(result.ok).toBe(false);
    const typo = errors(result).find((p) => p.path === '/routing/groups/0/memebrs');
    expect(typo).toBeDefined();
    expect(typo?.code).toBe('SWB_CONFIG_SCHEMA');
    expect(typo?.message).toContain('unknown key "memebrs"');
    expect({ line: typo?.line, col: typo?.col }).toEqual(posOf(text, 'memebrs'));
  });

  it('value outside an enum → SWB_CONFIG_SCHEMA listing the allowed values, at the value', () => {
    const text = mini().replace('kind: async', 'kind: mail');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_SCHEMA');
    expect(p.path).toBe('/channels/1/kind');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'mail }'));
    for (const kind of ['voice', 'online', 'async', 'form', 'social', 'referral'])
      expect(p.message).toContain(`"${kind}"`);
  });

  it('bad duration → SWB_CONFIG_DURATION at the value', () => {
    const text = mini().replace('P1: 1h', 'P1: 1 hour');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_DURATION');
    expect(p.path).toBe('/slas/0/targets/firstResponse/P1');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, '1 hour'));
    expect(p.message).toMatch(/duration like/);
  });

  it('bad duration in a per-channel target and in answerWithin → SWB_CONFIG_DURATION each', () => {
    const text = mini()
      .replace('{ id: phone, kind: voice }', '{ id: phone, kind: voice, answerWithin: soon }')
      .replace('P0: 2h', 'P0: { voice: 2 hrs, default: 2h }');
    const result = load(text);
    expect(result.ok).toBe(false);
    const got = errors(result).map((p) => ({ code: p.code, path: p.path, line: p.line, col: p.col }));
    expect(got).toContainEqual({
      code: 'SWB_CONFIG_DURATION',
      path: '/channels/0/answerWithin',
      ...posOf(text, 'soon'),
    });
    expect(got).toContainEqual({
      code: 'SWB_CONFIG_DURATION',
      path: '/slas/0/targets/resolution/P0/voice',
      ...posOf(text, '2 hrs'),
    });
    // (the schema's oneOf also adds "must be string" for the whole P0 entry; nothing else)
    expect(got.every((p) => p.line === posOf(text, 'soon').line || p.line === posOf(text, '2 hrs').line)).toBe(true);
  });

  it('unknown group in a routing rule → SWB_CONFIG_UNKNOWN_REF with "did you mean"', () => {
    const placed = mini().replace(
      '    - { id: support, members: [ann] }\n',
      `    - { id: support, members: [ann] }
  rules:
    - id: vip
      conditions: { all: [ { fact: tier, operator: equal, value: vip } ] }
      event: { type: route, params: { group: suport } }
`,
    );
    const p = onlyError(load(placed));
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.path).toBe('/routing/rules/0/event/params/group');
    expect({ line: p.line, col: p.col }).toEqual(posOf(placed, 'suport'));
    expect(p.message).toContain('unknown group "suport"');
    expect(p.message).toContain('did you mean "support"?');
  });

  it('unknown operator and unknown fact → SWB_CONFIG_UNKNOWN_REF each, at the misspelt word', () => {
    const text = mini(`classification:
  - id: c1
    conditions:
      all:
        - { fact: txt, operator: containsAny, value: [paid] }
    event: { type: categorize, params: { category: fault } }
  - id: c2
    conditions:
      any:
        - { fact: text, operator: containz, value: [paid] }
    event: { type: categorize, params: { category: fault } }
`);
    const result = load(text);
    expect(result.ok).toBe(false);
    const got = errors(result);
    expect(got).toHaveLength(2);
    const [fact, op] = got as [Problem, Problem];
    expect(fact.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(fact.path).toBe('/classification/0/conditions/all/0/fact');
    expect({ line: fact.line, col: fact.col }).toEqual(posOf(text, 'txt'));
    expect(fact.message).toContain('unknown fact "txt"');
    expect(fact.message).toContain('did you mean "text"?');
    expect(op.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(op.path).toBe('/classification/1/conditions/any/0/operator');
    expect({ line: op.line, col: op.col }).toEqual(posOf(text, 'containz'));
    expect(op.message).toContain('unknown operator "containz"');
  });

  it('the "priority" fact is unknown in classification rules (it is decided later)', () => {
    const text = mini(`classification:
  - id: c1
    conditions: { all: [ { fact: priority, operator: equal, value: P0 } ] }
    event: { type: categorize, params: { category: fault } }
`);
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.message).toContain('unknown fact "priority" in classification rules');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'priority, operator'));
  });

  it('unknown category in a categorize rule → SWB_CONFIG_UNKNOWN_REF at the category', () => {
    const text = mini(`classification:
  - id: pay
    conditions: { any: [ { fact: text, operator: containsAny, value: [paid] } ] }
    event: { type: categorize, params: { category: fault/payment-fail } }
`);
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.path).toBe('/classification/0/event/params/category');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'fault/payment-fail '));
    expect(p.message).toContain('unknown category "fault/payment-fail"');
    expect(p.message).toContain('did you mean "fault/payment-failed"?');
  });

  it('unknown priority in a set-priority rule → SWB_CONFIG_UNKNOWN_REF at the priority', () => {
    const text = mini().replace(
      '  default: P1\n',
      `  default: P1
  rules:
    - id: vip-first
      conditions: { all: [ { fact: tier, operator: equal, value: vip } ] }
      event: { type: set-priority, params: { priority: P9 } }
`,
    );
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.path).toBe('/priorities/rules/0/event/params/priority');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'P9'));
    expect(p.message).toContain('unknown priority level "P9"');
    expect(p.message).toContain('"P0", "P1"');
  });

  it('undefined agent in group members → SWB_CONFIG_UNKNOWN_REF at the member', () => {
    const text = mini().replace('members: [ann]', 'members: [ann, bob]');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.path).toBe('/routing/groups/0/members/1');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'bob'));
    expect(p.message).toBe('unknown agent "bob"; defined: "ann"');
  });

  it('duplicate ids → SWB_CONFIG_DUPLICATE_ID at the second id', () => {
    const text = mini().replace('{ id: email, kind: async }', '{ id: phone, kind: async }');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_DUPLICATE_ID');
    expect(p.path).toBe('/channels/1/id');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'phone', 2));
    expect(p.message).toContain('duplicate channel id "phone"');
  });

  it('bad template placeholder → SWB_CONFIG_TEMPLATE at the script text', () => {
    const text = mini(`scripts:
  greet:
    en: "Hello, I'm {{agent.nmae}}"
`);
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_TEMPLATE');
    expect(p.path).toBe('/scripts/greet/en');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, '"Hello'));
    expect(p.message).toContain('unknown placeholder {{agent.nmae}}');
  });

  it('SLA without a target for one priority → SWB_CONFIG_SCHEMA naming the level and the SLA', () => {
    const text = mini().replace('firstResponse: { P0: 5m, P1: 1h }', 'firstResponse: { P0: 5m }');
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_SCHEMA');
    expect(p.path).toBe('/slas/0/targets/firstResponse');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, '{ P0: 5m }'));
    expect(p.message).toContain('priority P1 has no firstResponse target in SLA "std"');
  });
});

describe('policy loader: anchors, aliases and merge keys', () => {
  it('a wrong value that came through a `<<` merge key points at the anchored text', () => {
    const text = `version: 1
id: anchors
x-defaults: &defaults
  kind: vioce
channels:
  - { id: phone, <<: *defaults }
  - id: email
    <<: *defaults
    kind: async
categories: [{ id: fault }]
priorities: { levels: [P0], default: P0 }
agents: [{ id: ann, name: Ann }]
routing:
  fallback: support
  groups: [{ id: support, members: [ann] }]
slas:
  - id: std
    targets: { firstResponse: { P0: 5m }, resolution: { P0: 2h } }
`;
    // email overrides the merged kind: only phone inherits the mistake
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_SCHEMA');
    expect(p.path).toBe('/channels/0/kind');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'vioce'));
  });

  it('a wrong value that came through an `*alias` points at the anchored text', () => {
    const text = `version: 1
id: aliases
x-team: &team [ann, bob]
channels: [{ id: phone, kind: voice }]
categories: [{ id: fault }]
priorities: { levels: [P0], default: P0 }
agents: [{ id: ann, name: Ann }]
routing:
  fallback: support
  groups:
    - { id: support, members: *team }
slas:
  - id: std
    targets: { firstResponse: { P0: 5m }, resolution: { P0: 2h } }
`;
    const p = onlyError(load(text));
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.path).toBe('/routing/groups/0/members/1');
    expect({ line: p.line, col: p.col }).toEqual(posOf(text, 'bob'));
  });
});

describe('policy loader: a policy split over several files', () => {
  const first = `version: 1
id: split
channels:
  - { id: phone, kind: voice }
categories: [{ id: fault }]
priorities: { levels: [P0, P1], default: P1 }
agents: [{ id: ann, name: Ann }]
routing:
  fallback: support
  groups: [{ id: support, members: [ann] }]
  rules:
    - id: vip
      conditions: { all: [ { fact: tier, operator: equal, value: vip } ] }
      event: { type: route, params: { group: support } }
`;

  it('a problem in the second file names the second file and its line', () => {
    const second = `# SLA targets
slas:
  - id: std
    targets:
      firstResponse: { P0: 5m, P1: 1h }
      resolution: { P0: 2h, P1: 1d }
    pauseOn: [waiting]
`;
    const result = createPolicyLoader().fromTexts([
      { file: 'policy.yaml', text: first },
      { file: 'slas.yaml', text: second },
    ]);
    const p = onlyError(result);
    expect(p.file).toBe('slas.yaml');
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    expect(p.path).toBe('/slas/0/pauseOn/0');
    expect({ line: p.line, col: p.col }).toEqual(posOf(second, 'waiting'));
  });

  it('a list item concatenated after the first file’s items keeps its own file and line', () => {
    const second = `# more routing rules
routing:
  rules:
    - id: faults
      conditions: { all: [ { fact: categoryGroup, operator: equal, value: fault } ] }
      event: { type: route, params: { group: suport } }
slas:
  - id: std
    targets: { firstResponse: { P0: 5m, P1: 1h }, resolution: { P0: 2h, P1: 1d } }
`;
    const result = createPolicyLoader().fromTexts([
      { file: 'policy.yaml', text: first },
      { file: 'routing.yaml', text: second },
    ]);
    const p = onlyError(result);
    expect(p.file).toBe('routing.yaml');
    expect(p.code).toBe('SWB_CONFIG_UNKNOWN_REF');
    // index 1 in the merged list: after the first file's rule "vip"
    expect(p.path).toBe('/routing/rules/1/event/params/group');
    expect({ line: p.line, col: p.col }).toEqual(posOf(second, 'suport'));
    expect(p.message).toContain('did you mean "support"?');
  });

  it('a problem in the first file still points into the first file', () => {
    const broken = first.replace('value: vip }', 'value: vip, extra: 1 }');
    const second = `slas:
  - id: std
    targets: { firstResponse: { P0: 5m, P1: 1h }, resolution: { P0: 2h, P1: 1d } }
`;
    const result = createPolicyLoader().fromTexts([
      { file: 'policy.yaml', text: broken },
      { file: 'slas.yaml', text: second },
    ]);
    expect(result.ok).toBe(false);
    const files = new Set(errors(result).map((p) => p.file));
    expect([...files]).toEqual(['policy.yaml']);
    expect(errors(result).some((p) => p.line === posOf(broken, 'extra').line)).toBe(true);
  });

  it('a scalar set differently in two files → SWB_CONFIG_CONFLICT in the second file', () => {
    const second = `timezone: UTC
slas:
  - id: std
    targets: { firstResponse: { P0: 5m, P1: 1h }, resolution: { P0: 2h, P1: 1d } }
`;
    const withTz = first.replace('id: split\n', 'id: split\ntimezone: Asia/Shanghai\n');
    const result = createPolicyLoader().fromTexts([
      { file: 'policy.yaml', text: withTz },
      { file: 'more.yaml', text: second },
    ]);
    const p = onlyError(result);
    expect(p.code).toBe('SWB_CONFIG_CONFLICT');
    expect(p.file).toBe('more.yaml');
    expect(p.line).toBe(1);
    expect(p.message).toContain('first set in policy.yaml:3');
  });
});

describe('policy loader: all problems at once', () => {
  it('three independent reference mistakes → three problems, sorted by position', () => {
    const text = mini(`scripts:
  greet:
    en: "Hi {{agent.nmae}}"
`)
      .replace('fallback: support', 'fallback: suport')
      .replace('members: [ann]', 'members: [ann, bob]');
    const result = load(text);
    expect(result.ok).toBe(false);
    expect(errors(result).map((p) => [p.code, p.line, p.col])).toEqual([
      ['SWB_CONFIG_UNKNOWN_REF', posOf(text, 'suport').line, posOf(text, 'suport').col],
      ['SWB_CONFIG_UNKNOWN_REF', posOf(text, 'bob').line, posOf(text, 'bob').col],
      ['SWB_CONFIG_TEMPLATE', posOf(text, '"Hi').line, posOf(text, '"Hi').col],
    ]);
  });

  it('three independent schema mistakes → three problems', () => {
    const text = mini()
      .replace('kind: voice', 'kind: phone')
      .replace('{ id: ann, name: Ann }', '{ id: ann, nmae: Ann, name: Ann }')
      .replace('P0: 2h', 'P0: two hours');
    const result = load(text);
    expect(result.ok).toBe(false);
    expect(errors(result).map((p) => [p.path, p.line, p.col])).toEqual([
      ['/channels/0/kind', posOf(text, 'phone }').line, posOf(text, 'phone }').col],
      ['/agents/0/nmae', posOf(text, 'nmae').line, posOf(text, 'nmae').col],
      ['/slas/0/targets/resolution/P0', posOf(text, 'two hours').line, posOf(text, 'two hours').col],
    ]);
  });

  it('YAML errors in two files are both reported', () => {
    const result = createPolicyLoader().fromTexts([
      { file: 'a.yaml', text: 'version: 1\nversion: 1\n' },
      { file: 'b.yaml', text: 'x: [1, 2\n' },
    ]);
    expect(result.ok).toBe(false);
    expect(errors(result).map((p) => [p.file, p.code])).toEqual([
      ['a.yaml', 'SWB_CONFIG_YAML'],
      ['b.yaml', 'SWB_CONFIG_YAML'],
    ]);
  });
});

describe('formatProblem', () => {
  it('prints `file:line:col SWB_CODE message (at pointer)`', () => {
    expect(
      formatProblem({
        file: 'configs/p/routing.yaml',
        line: 12,
        col: 7,
        code: 'SWB_CONFIG_UNKNOWN_REF',
        message: 'unknown group "x"',
        path: '/routing/fallback',
      }),
    ).toBe('configs/p/routing.yaml:12:7 SWB_CONFIG_UNKNOWN_REF unknown group "x" (at /routing/fallback)');
    expect(
      formatProblem({ file: 'a.yaml', line: 1, col: 1, code: 'SWB_CONFIG_YAML', message: 'YAML syntax error: oops' }),
    ).toBe('a.yaml:1:1 SWB_CONFIG_YAML YAML syntax error: oops');
    expect(
      formatProblem({
        file: 'a.yaml',
        line: 3,
        col: 5,
        code: 'SWB_CONFIG_SCHEMA',
        message: 'group has no members',
        severity: 'warning',
      }),
    ).toBe('a.yaml:3:5 SWB_CONFIG_SCHEMA warning: group has no members');
  });

  it('formats real loader problems so editors can link them', () => {
    const text = mini().replace('members: [ann]', 'members: [ann, bob]');
    const [line] = load(text, 'configs/acme/policy.yaml').problems.map(formatProblem);
    const { line: l, col: c } = posOf(text, 'bob');
    expect(line).toBe(
      `configs/acme/policy.yaml:${l}:${c} SWB_CONFIG_UNKNOWN_REF unknown agent "bob"; defined: "ann" (at /routing/groups/0/members/1)`,
    );
    expect(line).toMatch(/^\S+:\d+:\d+ SWB_[A-Z_]+ /);
  });
});
