import { crc32 } from './crc32.ts';
import { itemsPerChunk } from './line-file.ts';
import { storeCorrupt } from './store-corrupt.ts';

/**
 * Checksums for the line-array files (snapshot and archive months): the last line is
 * `],"check":{"head":<crc32 of the head line>,"tickets":<8 hex digits per item line, in order>}}`,
 * so the file stays plain JSON, and a changed, missing, added or moved line is found on read.
 */
export interface LineCheck {
  head?: unknown;
  tickets?: unknown;
}

export const crcHex = (text: string): string => crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');

export const isCheckedTail = (tail: string): boolean => tail === ']}' || tail.startsWith('],"check":');

/** The check of a last line, undefined for a plain `]}`; throws when the line is not JSON. */
export function parseCheck(tail: string): LineCheck | undefined {
  return tail === ']}' ? undefined : (JSON.parse(`{${tail.slice(2)}`) as { check?: LineCheck }).check;
}

/** The head line, the items one per line in chunks (checksummed as they go out), then the check line. */
export function* checkedPieces(head: string, items: readonly string[]): Generator<string> {
  yield `${head}\n`;
  const sums: string[] = [];
  for (let i = 0; i < items.length; i += itemsPerChunk) {
    const chunk = items.slice(i, i + itemsPerChunk);
    for (const t of chunk) sums.push(crcHex(t));
    yield `${chunk.join(',\n')}${i + itemsPerChunk < items.length ? ',' : ''}\n`;
  }
  yield `],"check":{"head":"${crcHex(head)}","tickets":"${sums.join('')}"}}\n`;
}

/** Format 2: the head and every ticket line against the check line; a wrong count or order fails too. */
export function verify(
  path: string,
  check: LineCheck | undefined,
  head: { head: string; headOffset: number },
  items: string[],
  offsetOf: (i: number) => number,
  checkOffset: number,
): void {
  if (typeof check?.head !== 'string' || typeof check.tickets !== 'string') {
    throw storeCorrupt(path, checkOffset, 'has no check line (its end is missing or damaged)');
  }
  if (crcHex(head.head) !== check.head)
    throw storeCorrupt(path, head.headOffset, 'has a head line that fails its checksum');
  const sums = check.tickets;
  if (sums.length !== items.length * 8) {
    throw storeCorrupt(
      path,
      checkOffset,
      `holds ${items.length} ticket lines, but its check line lists ${Math.floor(sums.length / 8)}: lines are missing or were added`,
    );
  }
  for (let i = 0; i < items.length; i++) {
    if (crcHex(items[i]!) !== sums.slice(i * 8, i * 8 + 8)) {
      throw storeCorrupt(path, offsetOf(i), `has ticket line ${i + 1} failing its checksum (changed or moved)`);
    }
  }
}
