import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Portable, crc32Update, crc32UpdatePortable } from '../../src/store/lowdb/crc32.ts';
import { decodeLine, encodeLine } from '../../src/store/lowdb/journal-line.ts';

describe('journal checksums', () => {
  it('CRC-32 matches the standard check value, native and portable alike', () => {
    const check = Buffer.from('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Portable(check)).toBe(0xcbf43926);
  });

  it('native and portable agree on random data and on sub-ranges', () => {
    for (let i = 0; i < 50; i++) {
      const buf = randomBytes(1 + Math.floor(Math.random() * 4000));
      const start = Math.floor(Math.random() * buf.length);
      const end = start + Math.floor(Math.random() * (buf.length - start));
      expect(crc32(buf)).toBe(crc32Portable(buf));
      expect(crc32(buf, start, end)).toBe(crc32Portable(buf, start, end));
    }
  });

  it('a CRC-32 continued over the rest of the bytes equals the CRC-32 of them all (views read as they stream)', () => {
    for (let i = 0; i < 50; i++) {
      const buf = randomBytes(1 + Math.floor(Math.random() * 4000));
      const cut = Math.floor(Math.random() * buf.length);
      const head = crc32(buf, 0, cut);
      expect(crc32Update(head, buf, cut)).toBe(crc32(buf));
      expect(crc32UpdatePortable(crc32Portable(buf, 0, cut), buf, cut, buf.length)).toBe(crc32(buf));
    }
    expect(crc32Update(0, Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('a line round-trips, and any changed byte of it is refused', () => {
    const line = encodeLine(7, { op: 'meta', key: 'k', json: JSON.stringify({ text: 'ünïcode ✓', n: 1 }) });
    expect(decodeLine(line, 0, line.length - 1)).toEqual({
      seq: 7,
      record: { op: 'meta', key: 'k', json: '{"text":"ünïcode ✓","n":1}' },
    });
    for (let i = 0; i < line.length - 1; i++) {
      const bad = Buffer.from(line);
      bad[i] = bad[i]! ^ 0x01;
      expect(decodeLine(bad, 0, bad.length - 1)).toBeUndefined();
    }
  });
});
