import { decodeAny } from './journal-line.ts';

/**
 * Whether the bytes of `buf` from `offset` (where the first damaged line starts) to its end can
 * be a write that a crash cut short, the one damage the journal repairs by itself. A killed
 * process's write stops at a page boundary (the kernel copies page by page and checks for a
 * fatal signal between pages), so the file then ends on a 4 KiB multiple inside a line; a power
 * loss leaves blocks that were never written as zeros, and a journal line never holds a zero
 * byte. Anything else, say a file cut at an arbitrary byte, a changed byte in the last record or
 * a complete line with a wrong checksum, is damage: refusing to start says so instead of
 * silently serving fewer acknowledged records. (A cut exactly at a line end or at a 4 KiB
 * multiple cannot be told from a crash: no file format can, without a second write per batch.)
 */
export function isTornTail(buf: Buffer, offset: number): boolean {
  if (intactLineAfter(buf, offset)) return false;
  const tail = buf.subarray(offset);
  return tail.includes(0x00) || (!tail.includes(0x0a) && buf.length % pageSize === 0);
}

const pageSize = 4096;

/** An intact record after a damaged one: the damage is inside the file, not at its end. */
function intactLineAfter(buf: Buffer, offset: number): boolean {
  let pos = buf.indexOf(0x0a, offset) + 1;
  while (pos > 0 && pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1) return false;
    if (decodeAny(buf, pos, nl)) return true;
    pos = nl + 1;
  }
  return false;
}
