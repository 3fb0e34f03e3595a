import { describe, expect, it } from 'vitest';
import { openTokenStore } from '../../src/auth/token-store.ts';
import type { SharedRecords } from '../../src/store/shared-records.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { createIdGenerator } from '../../src/core/util/ids.ts';

/** Shared token records in memory whose reads can be made to fail, as a database that went away. */
function flakyRecords() {
  const rows = new Map<string, { id: string }>();
  let mark = 0;
  const state = { down: false, marksRead: 0 };
  const records: SharedRecords<{ id: string }> = {
    all: async () => [...rows.values()],
    put: async (r) => void (rows.set(r.id, r), mark++),
    mark: async () => {
      state.marksRead++;
      if (state.down) throw new Error('connection refused');
      return String(mark);
    },
    exclusively: (fn) => fn(),
  };
  return { records, state };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('shared tokens while the database is unreachable', () => {
  it('reports the failure once per outage, keeps the tokens it holds in force, and reports a new outage again', async () => {
    const { records, state } = flakyRecords();
    const errors: string[] = [];
    const tokens = await openTokenStore({
      dataDir: undefined,
      clock: systemClock,
      ids: createIdGenerator(),
      adminToken: 'swb_env_admin_token_for_tests_0001',
      shared: records,
      refreshMs: 2,
      onRefreshError: (err) => errors.push(String(err)),
    });
    try {
      const { token } = await tokens.create({ name: 'wallboard', role: 'viewer' });
      state.down = true;
      const before = state.marksRead;
      await until(() => state.marksRead >= before + 10); // ten failed looks
      expect(errors).toEqual(['Error: connection refused']);
      expect(tokens.verify(token)?.role).toBe('viewer');

      state.down = false;
      const back = state.marksRead;
      await until(() => state.marksRead >= back + 3);
      state.down = true;
      const again = state.marksRead;
      await until(() => state.marksRead >= again + 5);
      expect(errors).toHaveLength(2);
    } finally {
      tokens.close();
    }
  });
});
