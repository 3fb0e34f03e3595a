/** Business-time arithmetic over one calendar. Instants are epoch milliseconds. */
export interface BusinessCalendar {
  readonly id: string;
  readonly timezone: string;
  /** The instant `ms` of business time after `from`. */
  add(from: number, ms: number): number;
  /** The instant `ms` of business time before `from`. */
  subtract(from: number, ms: number): number;
  /** Business milliseconds in [from, to) (negative when to < from). */
  between(from: number, to: number): number;
  isOpen(at: number): boolean;
  /** True when an open period starts on this local date ("YYYY-MM-DD"); business days count these. */
  isBusinessDate(date: string): boolean;
}
