import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone } from '../../src/auth/mask.ts';
import { maskPayload } from '../../src/auth/mask-payload.ts';

describe('masking customer contact data', () => {
  it('masks name, email and phone, keeping enough to tell records apart', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@e***.com');
    expect(maskPhone('+86 138 0000 1234')).toBe('***34');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('Alice Smith')).toBe('A*** S***');
  });

  it('masks every ticket in a payload, including the values inside rendered scripts and customer reply names', () => {
    const ticket = {
      id: 't1',
      customer: { id: 'C1', name: '张三', email: 'zs@example.com' },
      scripts: { greeting: { locale: 'zh', text: '张三您好,我们已收到 zs@example.com 的来信' } },
      replies: [{ author: { type: 'customer', id: 'C1', name: '张三' }, body: 'hi' }],
    };
    const masked = maskPayload({ items: [ticket], nextCursor: 'x' }, { fields: new Set() });
    const t = masked.items[0]!;
    expect(t.customer).toEqual({ id: 'C1', name: '张*', email: 'z***@e***.com' });
    expect(t.scripts.greeting.text).toBe('张*您好,我们已收到 z***@e***.com 的来信');
    expect(t.replies[0]!.author.name).toBe('张*');
    expect(JSON.stringify(masked)).not.toMatch(/张三|zs@example/);
    expect(ticket.customer.name).toBe('张三'); // the original is untouched
  });
});
