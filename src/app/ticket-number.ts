import { DateTime } from 'luxon';

/** Ticket numbers as support teams write them: local date + daily sequence (20261123001). */
export function ticketNumber(arrived: Date, timezone: string, sequence: number): string {
  const day = DateTime.fromJSDate(arrived, { zone: timezone }).toFormat('yyyyLLdd');
  return `${day}${String(sequence).padStart(3, '0')}`;
}

export function dayKey(arrived: Date, timezone: string): string {
  return DateTime.fromJSDate(arrived, { zone: timezone }).toFormat('yyyyLLdd');
}
