/**
 * Runs the registered benches: `npm run bench [-- --quick] [-- --json] [-- --write] [-- --only=a,b]`
 * (`--only` names registry entries; without it every bench runs). Prints a
 * table per result key; with --json the LAST line of output is one JSON object merging all
 * results; with --write the same tables go to bench/RESULTS.md with the date, machine and commit.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benches } from './registry.ts';
import { formatResult, readCommit, readMachine, renderResultsFile } from './results-file.ts';

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const json = argv.includes('--json');
  const write = argv.includes('--write');
  const only = argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
    .filter(Boolean);
  const unknown = (only ?? []).filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0)
    throw new Error(
      `--only names no bench "${unknown.join('", "')}"; the benches are ${benches.map((b) => b.name).join(', ')}`,
    );
  const date = new Date();
  const merged: Record<string, unknown> = {};
  const durations: { name: string; seconds: number }[] = [];
  for (const bench of benches) {
    if (only ? !only.includes(bench.name) : bench.onlyWhenNamed) continue;
    const started = performance.now();
    const result = await bench.run({ quick });
    for (const [key, value] of Object.entries(result)) {
      if (key in merged)
        throw new Error(`bench "${bench.name}" reports key "${key}" that another bench reported already`);
      merged[key] = value;
      console.log(`\n${key}\n${formatResult(value)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    durations.push({ name: bench.name, seconds });
    console.log(`(${bench.name}: ${seconds.toFixed(1)} s${quick ? ', quick' : ''})`);
  }
  if (write) {
    const file = new URL('./RESULTS.md', import.meta.url);
    const compiled = (globalThis as { __switchboardBenchRuntime?: unknown }).__switchboardBenchRuntime !== undefined;
    writeFileSync(
      file,
      renderResultsFile({
        date,
        machine: readMachine(),
        commit: readCommit(fileURLToPath(new URL('..', import.meta.url))),
        quick,
        runtime: compiled ? 'compiled' : 'tsx',
        results: merged,
        durations,
      }),
    );
    console.log(`\nresults written to ${fileURLToPath(file)}`);
  }
  if (json) console.log(JSON.stringify(merged));
}

await main(process.argv.slice(2));
