import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPolicyLoader } from '../../src/config/index.ts';
import { presetPath } from '../../src/runtime/presets.ts';
import { readPolicyTests } from '../../src/runtime/policy-tests/read-tests.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = readFileSync(`${root}docs/process.md`, 'utf8');
const rows = [...text.matchAll(/^\| (\d+) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$/gm)].map((m) => ({
  item: Number(m[1]),
  where: m[4] as string,
  proof: m[5] as string,
}));

/** Walks `a.b[id].c` through the merged policy document; undefined when a step is missing. */
function pick(doc: unknown, path: string): unknown {
  let here: unknown = doc;
  for (const step of path.split('.')) {
    const m = /^([^[]+)(?:\[([^\]]+)\])?$/.exec(step);
    if (!m || here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[m[1] as string];
    if (m[2] !== undefined)
      here = Array.isArray(here) ? here.find((e) => (e as { id?: unknown })?.id === m[2]) : undefined;
  }
  return here;
}

const loaded = new Map<string, { doc: unknown; tests: string[] }>();
async function preset(name: string) {
  let p = loaded.get(name);
  if (!p) {
    const r = await createPolicyLoader().fromPath(presetPath(name));
    if (!r.ok) throw new Error(`preset ${name} does not load`);
    const { tests } = readPolicyTests(presetPath(name), undefined, presetPath(name));
    p = { doc: r.policy.doc, tests: tests.map((t) => t.test.name) };
    loaded.set(name, p);
  }
  return p;
}

describe('docs/process.md', () => {
  it('has one row for each of the 143 items, in order', () => {
    expect(rows.map((r) => r.item)).toEqual(Array.from({ length: 143 }, (_, i) => i + 1));
  });

  it('every preset key it lists exists in that preset', async () => {
    const missing: string[] = [];
    for (const r of rows) {
      for (const [, name, path] of r.where.matchAll(/`([a-z]+):([^`]+)`/g)) {
        if (pick((await preset(name as string)).doc, path as string) === undefined)
          missing.push(`item ${r.item}: ${name}:${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every policy test and test file it names exists', async () => {
    const missing: string[] = [];
    for (const r of rows) {
      for (const [, name, n] of r.proof.matchAll(/\b([a-z]+) › item (\d+)\b/g)) {
        const tests = (await preset(name as string)).tests;
        if (!tests.some((t) => t.startsWith(`item ${n}:`))) missing.push(`item ${r.item}: ${name} › item ${n}`);
      }
      for (const [file] of r.proof.matchAll(/test\/[\w/.-]+\.test\.ts/g))
        if (!existsSync(`${root}${file}`)) missing.push(`item ${r.item}: ${file}`);
      expect(r.proof.trim(), `item ${r.item}`).not.toBe('');
    }
    expect(missing).toEqual([]);
  });

  it('every item a preset test is named after is listed with that preset', async () => {
    const unlisted: string[] = [];
    for (const name of ['base', 'callcenter', 'ecommerce', 'education', 'finance', 'manufacturing', 'saas']) {
      for (const t of (await preset(name)).tests) {
        const n = /^item (\d+):/.exec(t)?.[1];
        if (n && !rows.find((r) => r.item === Number(n))?.proof.includes(`${name} › item ${n}`))
          unlisted.push(`${name}: ${t}`);
      }
    }
    expect(unlisted).toEqual([]);
  });
});
