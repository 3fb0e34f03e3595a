import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../core/policy/problem.ts';
import { duplicateKeys } from './duplicate-keys.ts';
import { aliasExpansion, maxAliasExpansion } from './alias-limit.ts';
import { buildSourceMap, type SourceMap } from './source-map.ts';

export interface ParsedFile {
  file: string;
  data: unknown;
  map: SourceMap;
  problems: Problem[];
}

/** Parses one YAML text with positions; syntax errors and duplicate keys become problems. */
export function parseYamlFile(file: string, text: string): ParsedFile {
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
