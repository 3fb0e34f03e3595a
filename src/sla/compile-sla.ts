import type { BusinessCalendar, ChannelDef, CompiledSla, SlaDef } from '../config/types.ts';
import type { RuleSet } from '../rules/types.ts';
import { parseDuration } from '../util/duration.ts';

/** Turns an SLA definition into lookups: target(kind, priority, channel) and warning stages. */
export function compileSla(def: SlaDef, calendar: BusinessCalendar, when?: RuleSet): CompiledSla {
  const target: CompiledSla['target'] = (kind, priority, channel: ChannelDef) => {
    const entry = def.targets[kind]?.[priority];
    if (entry === undefined) return undefined;
    if (typeof entry === 'string') return parseDuration(entry);
    const text = entry[channel.id] ?? entry[channel.kind] ?? entry.default;
    return text === undefined ? undefined : parseDuration(text);
  };
  const warnings = (def.warnAt ?? []).map((w) => {
    const text = w.trim();
    if (text.endsWith('%')) return { fraction: Number(text.slice(0, -1)) / 100, label: text };
    return { before: parseDuration(text.replace(/before$/, '').trim()) ?? 0, label: text };
  });
  return Object.freeze({
    def,
    calendar,
    ...(when ? { when } : {}),
    pauseOn: new Set(def.pauseOn ?? []),
    target,
    warnings,
  });
}
