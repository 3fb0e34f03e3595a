/**
 * The email plugin's own notice texts (en, zh-CN), used when the policy has no script of the
 * name the `scripts` option gives. The ticket's locale picks the language, else the policy's.
 */
import type { Policy, Ticket } from '../../src/index.ts';
import { pickLocale } from '../../src/core/pipeline/scripts.ts';

export type NoticeKind = 'survey' | 'callback' | 'escalation';

const texts: Record<NoticeKind, Record<'en' | 'zh-CN', (t: Ticket) => string>> = {
  survey: {
    en: (t) => `Your request [#${t.number}] "${t.subject}" is resolved. How did we do? Rate us here:`,
    'zh-CN': (t) => `您的工单 [#${t.number}]「${t.subject}」已解决。请为本次服务评分：`,
  },
  callback: {
    en: (t) =>
      `We will call you back about your request [#${t.number}] "${t.subject}"${due(t, ' by ')}. Thank you for telling us how we did.`,
    'zh-CN': (t) =>
      `关于您的工单 [#${t.number}]「${t.subject}」，我们将${due(t, '在 ', ' 前')}给您回电。感谢您的反馈。`,
  },
  escalation: {
    en: (t) =>
      `Ticket [#${t.number}] "${t.subject}" (${t.priority}, group ${t.group}) needs attention: it was escalated.`,
    'zh-CN': (t) => `工单 [#${t.number}]「${t.subject}」（${t.priority}，${t.group} 组）已升级，请尽快处理。`,
  },
};

const due = (t: Ticket, before: string, after = '') => {
  const at = t.fields.callbackDue;
  return typeof at === 'string' ? `${before}${at.slice(0, 16).replace('T', ' ')} UTC${after}` : '';
};

export function builtInNotice(kind: NoticeKind, ticket: Ticket, policy: Policy): string {
  const locale = (pickLocale(['en', 'zh-CN'], ticket.locale, policy.locale) ?? 'en') as 'en' | 'zh-CN';
  return texts[kind][locale](ticket);
}
