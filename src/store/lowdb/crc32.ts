import * as zlib from 'node:zlib';

/**
 * CRC-32 (IEEE), as zlib computes it. Node has zlib.crc32 since 20.15 / 22.2 (native, about
 * 20× the table loop below on a 2 KB journal line); the loop is kept for runtimes without it.
 */
function makeTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

let table: Uint32Array | undefined;

export function crc32Portable(bytes: Uint8Array, start = 0, end = bytes.length): number {
  table ??= makeTable();
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export const crc32: (bytes: Uint8Array, start?: number, end?: number) => number = native
  ? (bytes, start = 0, end = bytes.length) =>
      native(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end))
  : crc32Portable;

/** The CRC-32 of bytes that follow bytes whose CRC-32 was `previous` (0 to start), portably. */
export function crc32UpdatePortable(previous: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  table ??= makeTable();
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = start; i < end; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const nativeUpdate = native as ((data: Uint8Array, value: number) => number) | undefined;

/** The CRC-32 of bytes that follow bytes whose CRC-32 was `previous` (0 to start): a file's lines checked as they stream. */
export const crc32Update: (previous: number, bytes: Uint8Array, start?: number, end?: number) => number = nativeUpdate
  ? (previous, bytes, start = 0, end = bytes.length) =>
      nativeUpdate(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), previous)
  : crc32UpdatePortable;
