import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readConfinedPolicy, type Confinement } from './confined-files.ts';
import { isSwitchboardError } from '../core/errors/index.ts';
import { mergeFiles } from './merge-files.ts';
import { mergeLayers, type Layer } from './merge-layers.ts';
import { parseYamlFile } from './parse-file.ts';
import type { ParseFn } from './parse-cache.ts';
import { findPreset, unknownPresetMessage } from './presets.ts';
import type { Problem } from '../core/policy/problem.ts';
import { policyFilesSync, readPolicySourcesSync, type SourceText } from './read-sources.ts';
import { locate } from './source-map.ts';

export interface ResolvedPolicy {
  layer: Layer;
  /** Every file that went in, extended ones first (what hot reload watches). */
  files: string[];
  /** Absolute paths of every file and directory read (extended ones included). */
  watch: string[];
  problems: Problem[];
  /** True when a file could not be parsed: the merged data is partial. */
  partial: boolean;
}

interface Ctx {
  /** Realpaths of the policies being resolved, outermost first (cycle detection). */
  stack: { key: string; name: string }[];
  seen: Set<string>;
  watch: Set<string>;
  /** When set, `extends` reads only what this confinement allows (candidates sent over HTTP). */
  confine?: Confinement;
  parse: ParseFn;
}

/**
 * Parses one policy's texts, then resolves its `extends` (presets by `preset:<name>`, other
 * policies by a path relative to `baseDir`), depth first. Parents are laid down first, each
 * only once (the first time it is reached), then the policy itself on top.
 */
export function resolvePolicy(
  sources: SourceText[],
  baseDir: string,
  selfKey?: string,
  confine?: Confinement,
  parse: ParseFn = parseYamlFile,
): ResolvedPolicy {
  const ctx: Ctx = {
    parse,
    stack: selfKey ? [{ key: selfKey, name: sources[0]?.file ?? selfKey }] : [],
    seen: new Set(selfKey ? [selfKey] : []),
    watch: new Set(),
    ...(confine ? { confine } : {}),
  };
  return resolveLayer(sources, baseDir, ctx);
}

function resolveLayer(sources: SourceText[], baseDir: string, ctx: Ctx): ResolvedPolicy {
  const parsed = sources.map((s) => ctx.parse(s.file, s.text));
  const problems: Problem[] = parsed.flatMap((p) => p.problems);
  const broken = new Set(parsed.filter((p) => p.problems.some((q) => q.severity !== 'warning')).map((p) => p.file));
  const merged = mergeFiles(parsed.filter((p) => !broken.has(p.file)));
  problems.push(...merged.problems);
  let partial = broken.size > 0;
  const files: string[] = [];
  const own: Layer = { data: merged.data, map: merged.map };
  const raw = own.data.extends;
  delete own.data.extends;
  const targets =
    raw === undefined
      ? []
      : Array.isArray(raw)
        ? raw.map((v, i) => ({ v, at: `/extends/${i}` }))
        : [{ v: raw, at: '/extends' }];
  let acc: Layer | undefined;
  const at = (ptr: string) => locate(merged.map, ptr) ?? { file: sources[0]?.file ?? 'policy.yaml', line: 1, col: 1 };
  const report = (ptr: string, code: Problem['code'], message: string) => {
    // What the missing parent would have defined is unknown: later checks stay quiet about it.
    partial = true;
    const pos = at(ptr);
    problems.push({ file: pos.file, line: pos.line, col: pos.col, code, message, path: ptr });
  };

  for (const { v, at: ptr } of targets) {
    if (typeof v !== 'string' || v.trim() === '') {
      report(ptr, 'SWB_CONFIG_SCHEMA', 'extends must be "preset:<name>", a relative path, or a list of them');
      continue;
    }
    let dir: string | undefined;
    if (v.startsWith('preset:')) {
      dir = findPreset(v.slice('preset:'.length).trim());
      if (!dir) report(ptr, 'SWB_CONFIG_EXTENDS', unknownPresetMessage(v.slice('preset:'.length).trim()));
    } else {
      dir = resolve(baseDir, v);
    }
    if (!dir) continue;
    let key: string;
    let parentFiles: string[];
    let parentSources: SourceText[];
    if (ctx.confine) {
      const found = readConfinedPolicy(dir, ctx.confine);
      if (!found) {
        // One message whatever the reason, so a caller cannot learn what exists on the disk.
        report(
          ptr,
          'SWB_CONFIG_EXTENDS',
          `cannot extend "${v}": a policy checked over the API may extend only presets (preset:<name>) and YAML files of the live policy's directory (nothing outside it, no symlinks out, at most ${ctx.confine.maxFileBytes} bytes a file)`,
        );
        continue;
      }
      key = found.key;
      parentFiles = found.files;
      parentSources = found.sources;
      dir = found.key;
    } else {
      try {
        key = realpathSync(dir);
        parentFiles = policyFilesSync(dir);
        parentSources = readPolicySourcesSync(dir);
      } catch (e) {
        report(
          ptr,
          'SWB_CONFIG_EXTENDS',
          `cannot extend "${v}": ${isSwitchboardError(e) ? e.message : `${dir} does not exist`}`,
        );
        continue;
      }
    }
    const cycleAt = ctx.stack.findIndex((s) => s.key === key);
    if (cycleAt >= 0) {
      const chain = [...ctx.stack.slice(cycleAt).map((s) => s.name), parentFiles[0] ?? v];
      report(ptr, 'SWB_CONFIG_EXTENDS_CYCLE', `extends cycle: ${chain.join(' → ')}; remove one of these extends`);
      continue;
    }
    if (ctx.seen.has(key)) continue; // reached twice (a diamond): laid down once, where first reached
    ctx.seen.add(key);
    ctx.watch.add(key);
    ctx.stack.push({ key, name: parentSources[0]?.file ?? v });
    const parent = resolveLayer(
      parentSources,
      parentFiles.length === 1 && parentFiles[0] === dir ? dirname(dir) : dir,
      ctx,
    );
    ctx.stack.pop();
    problems.push(...parent.problems);
    files.push(...parent.files);
    partial ||= parent.partial;
    // Tests belong to the policy that wrote them: a parent's tests are not inherited.
    delete parent.layer.data.tests;
    if (!acc) acc = parent.layer;
    else {
      const m = mergeLayers(acc, parent.layer);
      acc = m.layer;
      problems.push(...m.problems);
    }
  }
  files.push(...sources.map((s) => s.file));
  let layer = own;
  if (acc) {
    const m = mergeLayers(acc, own);
    layer = m.layer;
    problems.push(...m.problems);
  }
  return { layer, files, watch: [...ctx.watch], problems, partial };
}
