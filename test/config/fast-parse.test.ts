import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LazySourceMap } from '../../src/config/lazy-source-map.ts';
import { parseWithPositions, parseYamlFile } from '../../src/config/parse-file.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Both paths of one text: data, problems and every position. */
function bothPaths(file: string, text: string) {
  const fast = parseYamlFile(file, text);
  // a lazy map: the fast parser read it, and the positions come from yaml only now
  const tookFastPath = fast.map instanceof LazySourceMap;
  const full = parseWithPositions(file, text);
  return { fast: { ...fast, map: new Map(fast.map) }, full: { ...full, map: new Map(full.map) }, tookFastPath };
}

describe('plain YAML is read by the fast parser with the same result as the positioned one', () => {
  const files = ['configs', 'examples', 'plugins', 'test', 'docs'].flatMap((d) => yamlFiles(join(repo, d)));

  it('every policy file in the project: same data, problems and positions', () => {
    expect(files.length).toBeGreaterThan(20);
    let fastOnes = 0;
    for (const path of files) {
      const { fast, full, tookFastPath } = bothPaths(relative(repo, path), readFileSync(path, 'utf8'));
      expect(fast, path).toEqual(full);
      if (tookFastPath) fastOnes++;
    }
    // the broken corpus and alias tests take the other path; the presets and examples do not
    expect(fastOnes / files.length).toBeGreaterThan(0.8);
  });

  it('texts either parser remarks on take the positioned path and keep their problems', () => {
    const cases = [
      'a: 1\na: 2\n', // duplicate key
      'x: !custom 1\n', // unknown tag
      'base: &b { p: 1 }\nother: *b\n', // an alias of a collection
      'a: [1, 2\n', // syntax error
      '---\na: 1\n---\nb: 2\n', // two documents
      '', // empty
      '# only a comment\n',
      'b: &x { p: 1 }\nc: { <<: *x, q: 2 }\n', // merge key
    ];
    const fastOnes: string[] = [];
    for (const text of cases) {
      const { fast, full, tookFastPath } = bothPaths('p.yaml', text);
      expect(fast, JSON.stringify(text)).toEqual(full);
      if (tookFastPath) fastOnes.push(text);
    }
    // only the merge of scalar values is plain
    expect(fastOnes).toEqual(['b: &x { p: 1 }\nc: { <<: *x, q: 2 }\n']);
    expect(parseYamlFile('p.yaml', 'a: 1\na: 2\n').problems[0]).toMatchObject({
      line: 2,
      col: 1,
      code: 'SWB_CONFIG_YAML',
    });
  });

  it('generated documents in block, flow and js-yaml styles parse alike', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('id', 'when', 'true', '1', 'null', '<<', 'a b', '"q"'),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        'yes',
        'no',
        'on',
        '0o17',
        '0x1F',
        '1_000',
        '012',
        '.inf',
        '~',
        '2026-01-06',
        '12:30',
        '-',
        '#x',
        'a: b',
      ),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });
    let runs = 0;
    let fastOnes = 0;
    fc.assert(
      fc.property(doc, fc.constantFrom('block', 'flow', 'js-yaml'), (data, style) => {
        const text =
          style === 'js-yaml'
            ? dump(data)
            : stringify(data, style === 'flow' ? { collectionStyle: 'flow' } : { lineWidth: 0 });
        const { fast, full, tookFastPath } = bothPaths('gen.yaml', text);
        expect(fast).toEqual(full);
        runs++;
        if (tookFastPath) fastOnes++;
      }),
      { numRuns: 400, seed: 20261203 },
    );
    expect(fastOnes / runs).toBeGreaterThan(0.5);
  });
});
