import type { ChannelDef, CompiledSla, SlaDef, TargetMatrix, TimerKind } from '../policy/types.ts';
import { timerKinds } from '../policy/types.ts';
import type { RuleDef, RuleSet } from '../rules/types.ts';
import { parseDuration } from '../util/duration.ts';

/** Builds a one-rule RuleSet for a `when` condition (the compiler supplies it). */
export type ConditionCompiler = (id: string, conditions: RuleDef['conditions']) => RuleSet;

const escalatedByDefault = new Set<TimerKind>(timerKinds.filter((k) => k !== 'pendingConfirmation'));

type ParsedMatrix = Map<TimerKind, Map<string, number | Map<string, number>>>;

/**
 * Turns an SLA definition into lookups: target(kind, priority, channel, tier), warning stages,
 * the escalation ladder and automations. Tier overrides are looked up first, cell by cell:
 * `tiers.vip.firstResponse.P1` replaces only that cell; the rest comes from `targets`.
 * Durations are parsed once here, not per ticket.
 */
export function compileSla(
  def: SlaDef,
  calendar: CompiledSla['calendar'],
  when?: RuleSet,
  compileWhen?: ConditionCompiler,
): CompiledSla {
  const base = parseMatrix(def.targets);
  const tiers = new Map(Object.entries(def.tiers ?? {}).map(([tier, m]) => [tier, parseMatrix(m)]));
  const lookup = (matrix: ParsedMatrix | undefined, kind: TimerKind, priority: string, channel: ChannelDef) => {
    const entry = matrix?.get(kind)?.get(priority);
    if (entry === undefined || typeof entry === 'number') return entry;
    return entry.get(channel.id) ?? entry.get(channel.kind) ?? entry.get('default');
  };
  const target: CompiledSla['target'] = (kind, priority, channel, tier) =>
    (tier !== undefined ? lookup(tiers.get(tier), kind, priority, channel) : undefined) ??
    lookup(base, kind, priority, channel);
  const warnings = (def.warnAt ?? []).map((w) => {
    const text = w.trim();
    if (text.endsWith('%')) return { fraction: Number(text.slice(0, -1)) / 100, label: text };
    return { before: parseDuration(text.replace(/before$/, '').trim()) ?? 0, label: text };
  });
  const ladder = (def.onBreach ?? [])
    .map((step) => ({
      afterMs: parseDuration(step.after) ?? 0,
      timers: step.timers ? new Set(step.timers) : escalatedByDefault,
      do: step.do,
    }))
    .sort((a, b) => a.afterMs - b.afterMs);
  const automations = compileWhen
    ? (def.automations ?? []).map((a) => ({ def: a, rules: compileWhen(`${def.id}/${a.id}`, a.when) }))
    : [];
  return Object.freeze({
    def,
    calendar,
    ...(when ? { when } : {}),
    pauseOn: new Set(def.pauseOn ?? []),
    target,
    warnings,
    ladder,
    automations,
  });
}

function parseMatrix(matrix: TargetMatrix): ParsedMatrix {
  const out: ParsedMatrix = new Map();
  for (const [kind, byPriority] of Object.entries(matrix) as [
    TimerKind,
    Record<string, string | Record<string, string>>,
  ][]) {
    const levels = new Map<string, number | Map<string, number>>();
    for (const [priority, entry] of Object.entries(byPriority ?? {})) {
      if (typeof entry === 'string') {
        const ms = parseDuration(entry);
        if (ms !== undefined) levels.set(priority, ms);
        continue;
      }
      const byChannel = new Map<string, number>();
      for (const [key, text] of Object.entries(entry)) {
        const ms = parseDuration(text);
        if (ms !== undefined) byChannel.set(key, ms);
      }
      levels.set(priority, byChannel);
    }
    out.set(kind, levels);
  }
  return out;
}
