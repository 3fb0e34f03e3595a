import { createActionRegistry, type ActionRegistry } from '../rules/actions.ts';
import { createFactRegistry, type FactRegistry } from '../rules/facts.ts';
import { createOperatorRegistry, type OperatorRegistry } from '../rules/operators.ts';
import { compilePolicy, type RuleSetFactory } from './compile.ts';
import { crossCheck } from './cross-check.ts';
import { mergeFiles } from './merge-files.ts';
import { parseYamlFile } from './parse-file.ts';
import { sortProblems, type Problem } from './problem.ts';
import { readPolicySources, type SourceText } from './read-sources.ts';
import { createPolicyValidator, type PolicyValidator } from './schema.ts';
import { locate } from './source-map.ts';
import type { Policy, PolicyDoc } from './types.ts';

export type LoadResult =
  | { ok: true; policy: Policy; problems: Problem[] }
  | { ok: false; problems: Problem[] };

export interface PolicyLoader {
  /** Validates and compiles policy texts (all problems at once). */
  fromTexts(sources: SourceText[]): LoadResult;
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
export function createPolicyLoader(opts: { operators?: OperatorRegistry; facts?: FactRegistry; actions?: ActionRegistry; ruleSet?: RuleSetFactory } = {}): PolicyLoader {
  const operators = opts.operators ?? createOperatorRegistry();
  const facts = opts.facts ?? createFactRegistry();
  const actions = opts.actions ?? createActionRegistry();
  let validator: PolicyValidator | undefined;

  const fromTexts = (sources: SourceText[]): LoadResult => {
    const parsed = sources.map((s) => parseYamlFile(s.file, s.text));
    const problems: Problem[] = parsed.flatMap((p) => p.problems);
    if (problems.some((p) => p.severity !== 'warning')) return { ok: false, problems: sortProblems(problems) };
    const merged = mergeFiles(parsed);
    problems.push(...merged.problems);
    const firstFile = sources[0]?.file ?? 'policy.yaml';
    validator ??= createPolicyValidator();
    const schemaProblems = validator(merged.data, merged.map, firstFile);
    problems.push(...schemaProblems);
    if (schemaProblems.length === 0) {
      for (const p of crossCheck(merged.data as unknown as PolicyDoc, { operators, facts, actions })) {
        const pos = locate(merged.map, p.path) ?? { file: firstFile, line: 1, col: 1 };
        problems.push({ file: pos.file, line: pos.line, col: pos.col, code: p.code, message: p.message, path: p.path, ...(p.severity ? { severity: p.severity } : {}) });
      }
    }
    const sorted = sortProblems(problems);
    if (sorted.some((p) => p.severity !== 'warning')) return { ok: false, problems: sorted };
    const policy = compilePolicy(merged.data as unknown as PolicyDoc, {
      sources: sources.map((s) => s.file),
      operators,
      facts,
      ...(opts.ruleSet ? { ruleSet: opts.ruleSet } : {}),
    });
    return { ok: true, policy, problems: sorted };
  };

  return {
    operators,
    facts,
    actions,
    holidaySources: new Map(),
    fromTexts,
    async fromPath(path) {
      return fromTexts(await readPolicySources(path));
    },
  };
}
