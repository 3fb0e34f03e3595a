import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../core/policy/problem.ts';
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
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false, uniqueKeys: true });
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
