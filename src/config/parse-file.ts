import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../core/policy/problem.ts';
import { duplicateKeys } from './duplicate-keys.ts';
import { aliasExpansion, maxAliasExpansion } from './alias-limit.ts';
import { buildSourceMap, type SourceMap } from './source-map.ts';
import { LazySourceMap } from './lazy-source-map.ts';

export interface ParsedFile {
  file: string;
  data: unknown;
  map: SourceMap;
  problems: Problem[];
}

const fastSchema = CORE_SCHEMA.withTags(mergeTag);

/**
 * Parses one YAML text. A plain text (no duplicate keys, unknown tags, collection aliases or
 * anything else either parser would remark on) is read by js-yaml, about ten times faster than
 * yaml's document parser, and its positions are found by that parser only when a problem asks
 * for one. Any other text takes the full path, which reports problems with their positions.
 * Both paths give the same data (test/config/fast-parse.test.ts).
 */
export function parseYamlFile(file: string, text: string): ParsedFile {
  const data = fastData(text);
  if (data === notPlain) return parseWithPositions(file, text);
  const map = new LazySourceMap((into) => {
    for (const [p, pos] of parseWithPositions(file, text).map) into(p, pos);
  });
  return { file, data, map, problems: [] };
}

const notPlain = Symbol('not plain');

/** The data of a plain text, or `notPlain` when js-yaml refuses it or it shares a collection (an alias). */
function fastData(text: string): unknown {
  let data: unknown;
  try {
    data = load(text, { schema: fastSchema });
  } catch {
    return notPlain;
  }
  return sharesCollections(data) ? notPlain : data;
}

/** Whether a collection is reachable twice (js-yaml gives an alias the anchored object itself). */
function sharesCollections(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (seen.has(v)) return true;
    seen.add(v);
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else for (const k in v) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}

/** Parses one YAML text with positions; syntax errors and duplicate keys become problems. */
export function parseWithPositions(file: string, text: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false, uniqueKeys: false });
  const problems: Problem[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(err.pos[0]);
    const first = err.message.split('\n')[0] ?? err.message;
    const message =
      err.code === 'DUPLICATE_KEY'
        ? 'duplicate key: this key is already defined in the same map; remove or rename one of them'
        : `YAML ${err.name === 'YAMLWarning' ? 'warning' : 'syntax error'}: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
    problems.push({
      file,
      line: pos.line,
      col: pos.col,
      code: 'SWB_CONFIG_YAML',
      message,
      severity: err.name === 'YAMLWarning' ? 'warning' : 'error',
    });
  }
  if (!problems.some((p) => p.severity !== 'warning')) {
    // Before any walk of the tree: the source map and toJS both follow aliases.
    const { written, expanded, largest } = aliasExpansion(doc);
    if (expanded - written > maxAliasExpansion) {
      const pos = lines.linePos(largest?.alias.range?.[0] ?? 0);
      problems.push({
        file,
        line: pos.line,
        col: pos.col,
        code: 'SWB_CONFIG_ALIAS_LIMIT',
        message: `aliases expand this file from ${written} written values to ${count(expanded)}, more than ${maxAliasExpansion} beyond what is written${largest ? `; *${largest.alias.source} here alone stands for ${count(largest.size)}` : ''}: write the values out or use fewer, smaller anchors`,
      });
      return { file, data: undefined, map: new Map([['', { file, line: 1, col: 1 }]]), problems };
    }
  }
  if (!problems.some((p) => p.severity !== 'warning')) {
    for (const key of duplicateKeys(doc)) {
      const pos = lines.linePos(key.range?.[0] ?? 0);
      problems.push({
        file,
        line: pos.line,
        col: pos.col,
        code: 'SWB_CONFIG_YAML',
        message: 'duplicate key: this key is already defined in the same map; remove or rename one of them',
      });
    }
  }
  let data: unknown;
  if (!problems.some((p) => p.severity !== 'warning')) {
    try {
      data = doc.toJS({ maxAliasCount: 10_000 });
    } catch (e) {
      problems.push({
        file,
        line: 1,
        col: 1,
        code: 'SWB_CONFIG_YAML',
        message: `cannot read the YAML: ${(e as Error).message}`,
      });
    }
  }
  return { file, data, map: buildSourceMap(doc, lines, file), problems };
}

const count = (n: number) => (n > 1e12 ? 'more than 10^12' : String(n));
