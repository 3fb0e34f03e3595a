/**
 * What the email plugin knows of mail, kept in `<dataDir>/mail-index.jsonl`: one JSON line per
 * fact, appended and synced to disk before the mail is marked seen:
 *   - `mail`: a Message-ID that was read, and the ticket it went to (a re-read finds it: no twin);
 *   - `ref`: a Message-ID some mail of a ticket referenced (so the original, read later, threads);
 *   - `quarantine`: a mail kept out, with the reason;
 *   - `ticket`: a ticket the plugin serves: its number and the addresses on its thread.
 * A torn last line (a crash while appending) is skipped on load.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type IndexRecord =
  | { kind: 'mail'; messageId: string; ticketId: string; at: string; from?: string }
  | { kind: 'ref'; messageId: string; ticketId: string }
  | { kind: 'quarantine'; messageId: string; reason: string; from?: string; subject?: string; at: string }
  | { kind: 'ticket'; ticketId: string; number: string; participants: string[] };

export interface Quarantined {
  messageId: string;
  reason: string;
  from?: string;
  subject?: string;
  at: string;
}

export interface MailIndex {
  /** Read before (ticket or quarantine): nothing more to do. */
  seen(messageId: string): boolean;
  /** The ticket a Message-ID belongs to (read, referenced, or sent by us). */
  ticketOf(messageId: string): string | undefined;
  ticketByNumber(number: string): string | undefined;
  participants(ticketId: string): string[];
  /** The Message-IDs of a ticket's thread in the order they were read (for References). */
  threadOf(ticketId: string): string[];
  quarantine(): Quarantined[];
  /** When the mails from an address were read (epoch ms, oldest first): the flood guard counts them. */
  mailsFrom(address: string): readonly number[];
  /** The ticket the newest mail from an address went to. */
  lastTicketFrom(address: string): string | undefined;
  /**
   * Appends the records and syncs them to disk. `sync: false` leaves the sync to the next
   * `sync()`: for a batch made durable together, or records a crash may lose harmlessly.
   */
  write(records: IndexRecord[], opts?: { sync?: boolean }): void;
  /** Syncs what was written to disk (nothing to do when everything is). */
  sync(): void;
  close(): void;
}

export function openMailIndex(dir: string): MailIndex {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'mail-index.jsonl');
  const mails = new Map<string, string>();
  const refs = new Map<string, string>();
  const numbers = new Map<string, string>();
  const people = new Map<string, Set<string>>();
  const quarantined = new Map<string, Quarantined>();
  const threads = new Map<string, string[]>();
  const senders = new Map<string, number[]>();
  const lastTicket = new Map<string, string>();
  let unsynced = false;
  const thread = (ticketId: string, messageId: string) => {
    const list = threads.get(ticketId) ?? [];
    if (!list.includes(messageId)) list.push(messageId);
    threads.set(ticketId, list);
  };
  const apply = (r: IndexRecord) => {
    if (r.kind === 'mail') {
      mails.set(r.messageId, r.ticketId);
      thread(r.ticketId, r.messageId);
      if (r.from) {
        const times = senders.get(r.from) ?? [];
        times.push(Date.parse(r.at));
        if (times.length > 1000) times.splice(0, times.length - 1000);
        senders.set(r.from, times);
        lastTicket.set(r.from, r.ticketId);
      }
    } else if (r.kind === 'ref') {
      refs.set(r.messageId, r.ticketId);
      thread(r.ticketId, r.messageId);
    } else if (r.kind === 'quarantine') {
      const { kind: _k, ...q } = r;
      quarantined.set(r.messageId, q);
    } else {
      numbers.set(r.number, r.ticketId);
      const set = people.get(r.ticketId) ?? new Set<string>();
      for (const p of r.participants) set.add(p);
      people.set(r.ticketId, set);
    }
  };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // first start
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      apply(JSON.parse(line) as IndexRecord);
    } catch {
      // a torn last line: the mail it described was not marked seen and is read again
    }
  }
  const fd = openSync(file, 'a');
  // A torn line must not glue itself to the next record.
  if (text && !text.endsWith('\n')) writeSync(fd, '\n');
  return {
    seen: (id) => mails.has(id) || quarantined.has(id),
    ticketOf: (id) => mails.get(id) ?? refs.get(id),
    ticketByNumber: (n) => numbers.get(n),
    participants: (t) => [...(people.get(t) ?? [])],
    threadOf: (t) => [...(threads.get(t) ?? [])],
    quarantine: () => [...quarantined.values()],
    mailsFrom: (address) => senders.get(address) ?? [],
    lastTicketFrom: (address) => lastTicket.get(address),
    write(records, opts = {}) {
      if (records.length === 0) return;
      writeSync(fd, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      if (opts.sync !== false) {
        fsyncSync(fd);
        unsynced = false;
      } else unsynced = true;
      for (const r of records) apply(r);
    },
    sync() {
      if (!unsynced) return;
      fsyncSync(fd);
      unsynced = false;
    },
    close: () => closeSync(fd),
  };
}
