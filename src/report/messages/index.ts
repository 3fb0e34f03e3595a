import { en } from './en.ts';
import type { ReportMessages } from './types.ts';
import { zhCN } from './zh-CN.ts';

export type { DailyCsvColumn, FigureKey, ReportMessages } from './types.ts';

/**
 * The report words for a policy's `locale`: Chinese for zh (zh-CN, zh-Hans, ...), English for
 * anything else and where the policy says nothing (a report stored before it named its locale).
 */
export function reportMessages(locale: string | undefined): ReportMessages {
  return locale?.toLowerCase().startsWith('zh') ? zhCN : en;
}
