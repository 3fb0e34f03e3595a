import type { HistoricalTicket } from '../../src/simulate/history.ts';

const subjects = [
  '支付失败,扣款了但订单没有生成', 'payment failed at checkout', '无法下单', 'cannot place order on app',
  '页面打不开', 'system error 500 when saving', '同步失败', '物流三天没有更新', 'tracking shows not delivered',
  '我要退货', 'refund request for order', '修改地址', '优惠券怎么用', 'how to register an account',
  '希望增加导出功能', 'feature request: dark mode', '客服态度差', 'product introduction please', '到货破损',
  'general question about pricing',
];
const channels = ['phone', 'chat', 'app', 'email', 'form', 'social', 'mini-program'];

/** Deterministic generated history (mulberry32), shaped like the tracking table. */
export function* generateHistory(n: number, seed = 42, start = Date.parse('2026-09-01T00:00:00Z')): Generator<HistoricalTicket> {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  for (let i = 0; i < n; i++) {
    const created = start + Math.floor(i * 90_000 + rand() * 60_000);
    const responded = rand() < 0.97 ? created + Math.floor(rand() * 3 * 3_600_000) : undefined;
    const resolved = responded && rand() < 0.9 ? responded + Math.floor(rand() * 72 * 3_600_000) : undefined;
    yield {
      id: `H${String(i + 1).padStart(7, '0')}`,
      channel: pick(channels),
      subject: pick(subjects),
      customer: { id: `C${Math.floor(rand() * 5000)}`, ...(rand() < 0.1 ? { tier: 'vip' } : {}) },
      createdAt: new Date(created).toISOString(),
      ...(responded ? { firstResponseAt: new Date(responded).toISOString() } : {}),
      ...(resolved ? { resolvedAt: new Date(resolved).toISOString() } : {}),
      ...(resolved ? { csat: 1 + Math.floor(rand() * 5) } : {}),
    };
  }
}
