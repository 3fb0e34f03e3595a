import { explainIncompleteTeam } from './team-completeness.ts';
import { createActionRegistry, type ActionRegistry } from '../core/rules/actions.ts';
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createFactRegistry, type FactRegistry } from '../core/rules/facts.ts';
import { createOperatorRegistry, type OperatorRegistry } from '../core/rules/operators.ts';
import type { Confinement } from './confined-files.ts';
import { compilePolicy, type RuleSetFactory } from './compile.ts';
import { crossCheck } from './cross-check.ts';
import { createParseCache } from './parse-cache.ts';
import { capProblems, sortProblems, type Problem } from '../core/policy/problem.ts';
import { readPolicySourcesSync, type SourceText } from './read-sources.ts';
import { resolvePolicy } from './resolve-extends.ts';
import { createPolicyValidator, type PolicyValidator } from './schema.ts';
import { locate } from './source-map.ts';
import type { Policy, PolicyDoc } from '../core/policy/types.ts';
import { wellFormed } from './well-formed.ts';

export type LoadResult =
  | {
      ok: true;
      policy: Policy;
      problems: Problem[];
      watch: string[];
      /** Where a JSON pointer of the merged policy was written (for problems found later). */
      locate?: (pointer: string) => { file: string; line: number; col: number };
    }
  | { ok: false; problems: Problem[]; watch: string[] };

export interface TextOptions {
  /** Directory relative `extends` paths are resolved against (default: the working directory). */
  baseDir?: string;
  /** Realpath of the policy these texts are, so a parent extending it back is a cycle. */
  self?: string;
  /** What `extends` may read, for candidates from untrusted callers (see confined-files.ts). */
  confine?: Confinement;
}

export interface PolicyLoader {
  /** Validates and compiles policy texts (all problems at once); `extends` is resolved from disk. */
  fromTexts(sources: SourceText[], opts?: TextOptions): LoadResult;
  /** Reads a policy file or directory, then as fromTexts. */
  fromPath(path: string): Promise<LoadResult>;
  readonly operators: OperatorRegistry;
  readonly facts: FactRegistry;
  readonly actions: ActionRegistry;
  /**
   * Holiday dates by source name and year ("YYYY-MM-DD"), added by plugins (holidays). For the
   * calendar compiler: a calendar's `holidaysFrom: <source>` can read them here.
   */
  readonly holidaySources: Map<string, (year: number) => string[]>;
}

/** One loader per runtime: it owns the operator and fact registries plugins extend. */
export function createPolicyLoader(
  opts: { operators?: OperatorRegistry; facts?: FactRegistry; actions?: ActionRegistry; ruleSet?: RuleSetFactory } = {},
): PolicyLoader {
  const operators = opts.operators ?? createOperatorRegistry();
  const facts = opts.facts ?? createFactRegistry();
  const actions = opts.actions ?? createActionRegistry();
  let validator: PolicyValidator | undefined;
  const parse = createParseCache();

  const fromTexts = (sources: SourceText[], o: TextOptions = {}): LoadResult => {
    const resolved = resolvePolicy(sources, o.baseDir ?? process.cwd(), o.self, o.confine, parse);
    const { layer } = resolved;
    const problems: Problem[] = [...resolved.problems];
    const firstFile = sources[0]?.file ?? 'policy.yaml';
    validator ??= createPolicyValidator();
    let schemaProblems = validator(layer.data, layer.map, firstFile);
    // With a file that did not parse, "missing key" and "unknown id" may be about what that file
    // defines: report only what is certainly wrong.
    if (resolved.partial) schemaProblems = schemaProblems.filter((p) => !p.message.startsWith('missing required key'));
    problems.push(...schemaProblems);
    const pointed = crossCheck(wellFormed(layer.data), { operators, facts, actions });
    for (const p of pointed) {
      if (resolved.partial && p.code === 'SWB_CONFIG_UNKNOWN_REF') continue;
      const pos = locate(layer.map, p.path) ?? { file: firstFile, line: 1, col: 1 };
      problems.push({
        file: pos.file,
        line: pos.line,
        col: pos.col,
        code: p.code,
        message: p.message,
        path: p.path,
        ...(p.severity ? { severity: p.severity } : {}),
      });
    }
    const located = (pointer: string) => locate(layer.map, pointer, true);
    const explained = explainIncompleteTeam(problems, layer.data, located, firstFile);
    const sorted = capProblems(dedupe(sortProblems(explained)));
    const watch = resolved.watch;
    if (sorted.some((p) => p.severity !== 'warning')) return { ok: false, problems: sorted, watch };
    // A private copy: parsed data is shared with the parse cache, and rule engines own what they get.
    const policy = compilePolicy(structuredClone(layer.data) as unknown as PolicyDoc, {
      sources: resolved.files,
      operators,
      facts,
      ...(opts.ruleSet ? { ruleSet: opts.ruleSet } : {}),
    });
    const where = (pointer: string) => locate(layer.map, pointer, true) ?? { file: firstFile, line: 1, col: 1 };
    return { ok: true, policy, problems: sorted, watch, locate: where };
  };

  return {
    operators,
    facts,
    actions,
    holidaySources: new Map(),
    fromTexts,
    async fromPath(path) {
      const sources = readPolicySourcesSync(path);
      const isDir = statSync(path).isDirectory();
      const self = realpathSync(path);
      const result = fromTexts(sources, { baseDir: isDir ? resolve(path) : dirname(resolve(path)), self });
      return { ...result, watch: [self, ...result.watch] };
    },
  };
}

/** The same message at the same place once (schema and cross-checks may both see it). */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.col}:${p.code}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
