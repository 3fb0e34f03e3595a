import { describe, expect, it } from 'vitest';
import { createPolicyLoader } from '../../src/config/load.ts';
import type { SourceText } from '../../src/config/read-sources.ts';

const loader = createPolicyLoader();

/**
 * Each case: policy files extending the base preset, with `# <-- CODE` marking the line a problem
 * must be reported on (in that file). Every marked problem must be found, and loading must fail.
 */
const cases: { name: string; files: Record<string, string> }[] = [
  {
    name: 'yaml syntax error',
    files: {
      'policy.yaml': 'extends: preset:base\nid: x\nchannels:\n  - { id: fax, kind: voice } ]   # <-- SWB_CONFIG_YAML\n',
    },
  },
  { name: 'duplicate key', files: { 'policy.yaml': 'extends: preset:base\nid: x\nid: y   # <-- SWB_CONFIG_YAML\n' } },
  {
    name: 'unknown key with schema',
    files: { 'policy.yaml': 'extends: preset:base\nid: x\nchanels: []   # <-- SWB_CONFIG_SCHEMA\n' },
  },
  {
    name: 'bad duration',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nslas:\n  - id: standard\n    targets:\n      resolution:\n        P0: soon   # <-- SWB_CONFIG_DURATION\n',
    },
  },
  {
    name: 'unknown group in a rule',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nrouting:\n  rules:\n    - id: faults-to-tech-ops\n      event: { type: route, params: { group: tech-opz } }   # <-- SWB_CONFIG_UNKNOWN_REF\n',
    },
  },
  {
    name: 'unknown category',
    files: { 'policy.yaml': 'extends: preset:base\nid: x\ndefaultCategory: inquiri   # <-- SWB_CONFIG_UNKNOWN_REF\n' },
  },
  {
    name: 'unknown priority',
    files: {
      'policy.yaml': 'extends: preset:base\nid: x\npriorities:\n  default: P9   # <-- SWB_CONFIG_UNKNOWN_REF\n',
    },
  },
  {
    name: 'unknown calendar',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nslas:\n  - id: standard\n    calendar: office   # <-- SWB_CONFIG_UNKNOWN_REF\n',
    },
  },
  {
    name: 'unknown channel in targets',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nslas:\n  - id: standard\n    targets:\n      firstResponse:\n        P0: { voice: 5m, default: 10m, faxx: 1m }   # <-- SWB_CONFIG_UNKNOWN_REF\n',
    },
  },
  {
    name: 'unknown operator and fact',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nclassification:\n  - id: z\n    conditions:\n      all:\n        - { fact: txt, operator: equal, value: a }   # <-- SWB_CONFIG_UNKNOWN_REF\n        - { fact: text, operator: equalz, value: a }   # <-- SWB_CONFIG_UNKNOWN_REF\n    event: { type: categorize, params: { category: inquiry } }\n',
    },
  },
  {
    name: 'unknown script in a workflow, unknown agent',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nworkflows:\n  - id: w\n    tasks:\n      - { id: t, due: 1h, script: greet }   # <-- SWB_CONFIG_UNKNOWN_REF\n      - { id: u, due: 1h, assign: { agent: nobody } }   # <-- SWB_CONFIG_UNKNOWN_REF\n',
    },
  },
  {
    name: 'duplicate ids in one file',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nagents:\n  - { id: a1, name: A }\n  - { id: a1, name: B }   # <-- SWB_CONFIG_DUPLICATE_ID\n',
    },
  },
  {
    name: 'missing SLA target for a priority',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nslas:\n  - id: vip\n    before: standard\n    when: { all: [{ fact: tier, operator: equal, value: vip }] }\n    targets:\n      firstResponse: { P0: 5m, P1: 10m }   # <-- SWB_CONFIG_SCHEMA\n      resolution: { P0: 1h, P1: 2h, P2: 4h, P3: 1d }\n',
    },
  },
  { name: 'missing preset', files: { 'policy.yaml': 'extends: preset:ecomerce   # <-- SWB_CONFIG_EXTENDS\nid: x\n' } },
  {
    name: 'scalar set differently in two files',
    files: { 'policy.yaml': 'extends: preset:base\nid: x\n', 'b.yaml': 'id: y   # <-- SWB_CONFIG_CONFLICT\n' },
  },
  {
    name: 'template placeholder',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nscripts:\n  hi: { en: "Hello {{agent.nme}}" }   # <-- SWB_CONFIG_TEMPLATE\n',
    },
  },
  {
    name: 'alias: problem at the anchored text',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nx-defaults: &bad { id: dup, name: 1 }   # <-- SWB_CONFIG_SCHEMA\nagents:\n  - *bad\n',
    },
  },
  {
    name: 'merge key: problem where the merged value was written',
    files: {
      'policy.yaml':
        'extends: preset:base\nid: x\nx-base: &chan { kind: paper }   # <-- SWB_CONFIG_SCHEMA\nchannels:\n  - { <<: *chan, id: fax }\n',
    },
  },
  {
    name: 'problems in several files at once',
    files: {
      'policy.yaml': 'extends: preset:base\nid: x\nrouting:\n  fallback: nobody   # <-- SWB_CONFIG_UNKNOWN_REF\n',
      'slas.yaml': 'slas:\n  - id: standard\n    warnAt: [soon]   # <-- SWB_CONFIG_SCHEMA\n',
    },
  },
  { name: 'not a map', files: { 'policy.yaml': '- just   # <-- SWB_CONFIG_SCHEMA\n- a list\n' } },
  {
    name: 'wrong types everywhere does not crash',
    files: {
      'policy.yaml':
        'version: 1\nid: x\nchannels: 5   # <-- SWB_CONFIG_SCHEMA\ncategories: {}\npriorities: []\nslas: [1, 2]\nrouting: { groups: [{ id: g, members: nope }], fallback: g, rules: [{ id: r }] }\nscripts: { a: 1 }\n',
    },
  },
];

const expectedMarks = (files: Record<string, string>) =>
  Object.entries(files).flatMap(([file, text]) =>
    text
      .split('\n')
      .flatMap((l, i) => [...l.matchAll(/# <-- (SWB_[A-Z_]+)/g)].map((m) => ({ file, line: i + 1, code: m[1] }))),
  );

describe('a corpus of broken policies', () => {
  for (const c of cases) {
    it(`rejects: ${c.name}, at the right file and line`, () => {
      const sources: SourceText[] = Object.entries(c.files).map(([file, text]) => ({ file, text }));
      const r = loader.fromTexts(sources);
      expect(r.ok).toBe(false);
      const found = r.problems.map((p) => ({ file: p.file, line: p.line, code: p.code }));
      for (const mark of expectedMarks(c.files))
        expect(found, JSON.stringify(r.problems, null, 1)).toContainEqual(mark);
    });
  }
});

describe('mangled policies never crash the loader', () => {
  it('survives random line deletions, duplications and character edits of a real policy', async () => {
    const fc = await import('fast-check');
    const { readPolicySourcesSync } = await import('../../src/config/read-sources.ts');
    const { presetPath } = await import('../../src/config/presets.ts');
    const sources = readPolicySourcesSync(presetPath('ecommerce'));
    const edit = fc.record({
      file: fc.nat(),
      line: fc.nat(),
      kind: fc.constantFrom('delete', 'duplicate', 'indent', 'colon', 'bracket'),
      char: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const files = sources.map((s) => ({ ...s, lines: s.text.split('\n') }));
        for (const e of edits) {
          const f = files[e.file % files.length]!;
          const i = e.line % f.lines.length;
          const l = f.lines[i]!;
          if (e.kind === 'delete') f.lines.splice(i, 1);
          else if (e.kind === 'duplicate') f.lines.splice(i, 0, l);
          else if (e.kind === 'indent') f.lines[i] = ` ${l}`;
          else if (e.kind === 'colon') f.lines[i] = l.replace(':', '');
          else f.lines[i] = `${l.slice(0, e.char % (l.length + 1))}{${l.slice(e.char % (l.length + 1))}`;
        }
        const r = loader.fromTexts(
          files.map((f) => ({ file: f.file, text: f.lines.join('\n') })),
          { baseDir: presetPath('ecommerce') },
        );
        for (const p of r.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(
            sources.map((s) => s.file).concat([expect.stringMatching(/presets/) as unknown as string]),
          ).toContainEqual(p.file);
        }
      }),
      { numRuns: 80 },
    );
  });
});
