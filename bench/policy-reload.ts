// Hot reload under steady load: tickets keep coming while the policy is edited; count failures.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSwitchboard } from '../src/switchboard/create-switchboard.ts';
import { presetPath } from '../src/config/presets.ts';
import { startServer } from '../src/switchboard/server.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { silentLogger } from '../src/telemetry/logger.ts';

const token = `swb_bench_${randomBytes(16).toString('hex')}`;

export async function runReloadUnderLoad(opts: { quick?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-'));
  try {
    const policyDir = join(dir, 'policy');
    // The e-commerce process as editable files, staffed by the bundled sample teams.
    await cp(presetPath('ecommerce/process'), policyDir, { recursive: true });
    const processFile = join(policyDir, 'policy.yaml');
    await writeFile(
      processFile,
      (await readFile(processFile, 'utf8')).replace(
        'extends: preset:base/process',
        'extends: [preset:base/process, preset:base/team, preset:ecommerce/team]',
      ),
    );
    const sb = await createSwitchboard({
      config: policyDir,
      store: createMemoryStore(),
      logger: silentLogger,
      watch: { debounceMs: 100 },
      // the rate limit is off, so a refused request is a reload failure and nothing else
      security: { adminToken: token, rateLimitPerMinute: 0 },
    });
    const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
    const url = `http://127.0.0.1:${server.port}/api/tickets`;
    const applied: string[] = [];
    sb.events.subscribe('config.applied', (e) => applied.push(e.version));
    let stop = false;
    let ok = 0;
    let failed = 0;
    let rateLimited = 0;
    const otherStatuses: Record<string, number> = {};
    const versions = new Set<string>();
    const worker = async () => {
      while (!stop) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ channel: 'chat', subject: '有货吗', customer: { id: 'c' } }),
        }).catch(() => undefined);
        if (res?.status === 201) {
          ok++;
          versions.add(((await res.json()) as { decisions: { policyVersion: string } }).decisions.policyVersion);
        } else if (res?.status === 429) {
          rateLimited++;
          await res.text();
        } else {
          failed++;
          const key = res ? String(res.status) : 'network error';
          otherStatuses[key] = (otherStatuses[key] ?? 0) + 1;
          await res?.text();
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    const file = join(policyDir, 'policy.yaml');
    const original = await readFile(file, 'utf8');
    const reloads = opts.quick ? 3 : 10;
    const latencies: number[] = [];
    for (let i = 0; i < reloads; i++) {
      const before = applied.length;
      const t0 = performance.now();
      await writeFile(
        file,
        original
          .replace('params: { group: sales }', `params: { group: ${i % 2 ? 'sales' : 'order-desk'} }`)
          .replace('name: E-commerce support', `name: E-commerce support ${i}`),
      );
      while (applied.length === before) await new Promise((r) => setTimeout(r, 5));
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 200));
    }
    stop = true;
    await Promise.all(workers);
    await server.close();
    latencies.sort((a, b) => a - b);
    return {
      reloads,
      applied: applied.length,
      requests: ok + failed + rateLimited,
      failedRequests: failed,
      failedByStatus: otherStatuses,
      rateLimited,
      goalFailedRequests: 0,
      policyVersionsSeen: versions.size,
      editToAppliedMsMedian: Math.round(latencies[Math.floor(latencies.length / 2)]!),
      editToAppliedMsMax: Math.round(latencies.at(-1)!),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
