import type { RuleDef } from '../rules/types.ts';

/**
 * One trigger action; exactly one key. `set` changes priority, status, group, assignee or
 * fields (null removes one); `reply` posts a script (public, or an internal note with
 * `internal: true`; the author is the bot unless `author: system`); `task` adds a follow-up;
 * `notify` publishes `trigger.notify` with the recipients; `action` runs a plugin action.
 */
export type TriggerAction =
  | {
      set: {
        priority?: string;
        status?: string;
        group?: string;
        assignee?: string | null;
        fields?: Record<string, unknown>;
      };
    }
  | { 'add-tags': string[] }
  | { 'remove-tags': string[] }
  | { task: { id: string; name: string; due: string; assignee?: string; group?: string } }
  | { reply: { script: string; internal?: boolean; author?: 'bot' | 'system' } }
  | { notify: string | string[] }
  | { action: string; params?: Record<string, unknown> };

/** `triggers:` — rules run after every stored change, in written order (docs/policy.md#triggers). */
export interface TriggerDef {
  id: string;
  name?: string;
  when: RuleDef['conditions'];
  do: TriggerAction[];
}
