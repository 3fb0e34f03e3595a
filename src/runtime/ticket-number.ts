import { compactDay, wallDate } from '../core/util/local-time.ts';

/** Ticket numbers as support teams write them: local date + daily sequence (20261123001). */
export function ticketNumber(arrived: Date, timezone: string, sequence: number): string {
  return `${dayKey(arrived, timezone)}${String(sequence).padStart(3, '0')}`;
}

export function dayKey(arrived: Date, timezone: string): string {
  return compactDay(wallDate(arrived.getTime(), timezone));
}
