// Policy load speed: validate + compile a generated 1,000-rule policy (goal ≤ 300 ms).
// Run alone: node --import tsx bench/policy.ts [--quick]
import { performance } from 'node:perf_hooks';
import { createPolicyLoader } from '../src/config/load.ts';
import { presetPath } from '../src/config/presets.ts';
import type { SourceText } from '../src/config/read-sources.ts';
import { LineCounter, parseDocument } from 'yaml';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { runReloadUnderLoad } from './policy-reload.ts';

/**
 * 1,000 rules over the base preset: 600 classification, 250 priority, 150 routing. The priority
 * and routing rules run before the preset's own (priority above 60) and each reads a condition of
 * its own, so none is shadowed and the policy loads
 * without warnings; `shadowed: true` lets them run after, which leaves them shadowed (a warning each)
 * (each needs its position, so the file is parsed a second time, by yaml, for them).
 */
export function generatePolicy(rules = 1000, opts: { shadowed?: boolean } = {}): SourceText[] {
  const cls = Math.round(rules * 0.6);
  const pri = Math.round(rules * 0.25);
  const rou = rules - cls - pri;
  const cats = ['fault/system-error', 'fault/page-error', 'inquiry/account', 'after-sales/repair', 'order/delay'];
  const groups = ['tech-ops', 'product-support', 'after-sales', 'order-desk'];
  // the priority rules read fields.score: declared, as a policy must declare the fields its rules read
  const lines = ['extends: preset:base', 'id: bench', 'fields:', '  - { id: score, type: number }'];
  const rule = (pad: string, id: string, i: number, conditions: string[], event: string, above = 0) => {
    lines.push(
      `${pad}- id: ${id}`,
      `${pad}  priority: ${above + 1 + (i % 90)}`,
      `${pad}  conditions:`,
      `${pad}    ${conditions[0]}:`,
    );
    for (const c of conditions.slice(1)) lines.push(`${pad}      - ${c}`);
    lines.push(`${pad}  event: ${event}`);
  };
  lines.push('classification:');
  for (let i = 0; i < cls; i++) {
    rule(
      '  ',
      `c${i}`,
      i,
      [
        'any',
        `{ fact: text, operator: containsAny, value: ["word${i}", "词${i}", "phrase number ${i}"] }`,
        `{ fact: tags, operator: contains, value: tag${i} }`,
      ],
      `{ type: categorize, params: { category: ${cats[i % cats.length]} } }`,
    );
  }
  lines.push('priorities:', '  rules:');
  for (let i = 0; i < pri; i++) {
    rule(
      '    ',
      `p${i}`,
      i,
      [
        'all',
        `{ fact: category, operator: equal, value: ${cats[i % cats.length]} }`,
        `{ fact: fields, path: $.score, operator: greaterThan, value: ${i} }`,
      ],
      `{ type: set-priority, params: { priority: P${i % 4} } }`,
      opts.shadowed ? 0 : 60,
    );
  }
  lines.push('routing:', '  rules:');
  for (let i = 0; i < rou; i++) {
    rule(
      '    ',
      `r${i}`,
      i,
      [
        'all',
        `{ fact: categoryGroup, operator: equal, value: ${cats[i % cats.length]!.split('/')[0]} }`,
        `{ fact: hour, operator: greaterThanInclusive, value: ${i % 24} }`,
        `{ fact: tags, operator: contains, value: route${i} }`,
      ],
      `{ type: route, params: { group: ${groups[i % groups.length]} } }`,
      opts.shadowed ? 0 : 60,
    );
  }
  return [{ file: 'bench/policy.yaml', text: `${lines.join('\n')}\n` }];
}

export async function run(opts: { quick?: boolean } = {}): Promise<{ policy: Record<string, unknown> }> {
  const [rulesFile] = generatePolicy(1000);
  const [shadowedFile] = generatePolicy(1000, { shadowed: true });
  const loader = createPolicyLoader();
  const baseDir = presetPath('base');
  let warnings = 0;
  const once = (sources: SourceText[]) => {
    const t0 = performance.now();
    const r = loader.fromTexts(sources, { baseDir });
    const ms = performance.now() - t0;
    warnings = r.problems.length;
    if (!r.ok)
      throw new Error(
        `generated policy is invalid: ${r.problems
          .slice(0, 3)
          .map((p) => `${p.line} ${p.message}`)
          .join('; ')}`,
      );
    return ms;
  };
  // Cold: a text never seen (a comment changes), so everything is parsed again.
  const cold = (i: number) => once([{ file: rulesFile!.file, text: `${rulesFile!.text}# run ${i}\n` }]);
  // The same size with 136 warnings: their positions cost yaml's parse of the file.
  const coldShadowed = (i: number) => once([{ file: shadowedFile!.file, text: `${shadowedFile!.text}# run ${i}\n` }]);
  // Warm: what a hot reload does when an admin edits one small file beside the 1,000 rules.
  const warm = (i: number) => once([rulesFile!, { file: 'bench/tweak.yaml', text: `x-edit: ${i}\n` }]);
  // The floor: the YAML parser the loader reads a plain file with (js-yaml), alone on the same text;
  // and yaml's document parser with positions, which the loader uses when a problem needs them.
  const parseOnly = (i: number) => {
    const t0 = performance.now();
    load(`${rulesFile!.text}# run ${i}\n`, { schema: CORE_SCHEMA.withTags(mergeTag) });
    return performance.now() - t0;
  };
  const documentParse = (i: number) => {
    const t0 = performance.now();
    parseDocument(`${rulesFile!.text}# run ${i}\n`, { lineCounter: new LineCounter(), merge: true, uniqueKeys: false });
    return performance.now() - t0;
  };
  const first = cold(-1); // includes compiling the JSON Schemas once per loader
  const runs = opts.quick ? 3 : 10;
  const colds: number[] = [];
  const warms: number[] = [];
  const parses: number[] = [];
  const documentParses: number[] = [];
  const shadowedColds: number[] = [];
  let shadowedWarnings = 0;
  // interleaved, so all see the same machine
  for (let i = 0; i < runs; i++) {
    parses.push(parseOnly(i));
    documentParses.push(documentParse(i));
    colds.push(cold(i));
    const cleanWarnings = warnings;
    shadowedColds.push(coldShadowed(i));
    shadowedWarnings = warnings;
    if (cleanWarnings !== 0) throw new Error(`the generated policy should load without warnings, got ${cleanWarnings}`);
  }
  for (let i = 0; i < runs; i++) warms.push(warm(i));
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! * 10) / 10;
  return {
    policy: {
      rules: 1000,
      validateCompileMs: median(colds),
      validateCompileMaxMs: Math.round(Math.max(...colds) * 10) / 10,
      yamlParseOnlyMs: median(parses),
      loadVsYamlParse: Math.round((median(colds) / median(parses)) * 100) / 100,
      yamlDocumentParseMs: median(documentParses),
      withWarnings: { warnings: shadowedWarnings, validateCompileMs: median(shadowedColds) },
      reloadOneFileChangedMs: median(warms),
      firstLoadMs: Math.round(first * 10) / 10,
      runs,
      goalMs: 300,
      reloadUnderLoad: await runReloadUnderLoad(opts),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') }), null, 2));
}
