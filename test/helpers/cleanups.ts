import { afterEach } from 'vitest';
import { startTestServer, tempDir } from './server.ts';

/**
 * Registers an afterEach that undoes, newest first, what the test deferred: `defer(fn)` for
 * anything, `server(opts)` for a real server on a fresh temp data dir (both removed after).
 */
export function testScope() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const defer = (fn: () => Promise<void> | void) => void cleanups.push(fn);
  return {
    defer,
    async tempDir(prefix?: string) {
      const t = await tempDir(prefix);
      defer(t.remove);
      return t.dir;
    },
    async server(opts: Omit<Parameters<typeof startTestServer>[0], 'dataDir'> & { dataDir?: string } = {}) {
      const dataDir = opts.dataDir ?? (await this.tempDir());
      const s = await startTestServer({ ...opts, dataDir });
      defer(() => s.close());
      return s;
    },
  };
}
