/**
 * Runs the registered benches: `npm run bench [-- --quick] [-- --json] [-- --write] [-- --only=a,b]`
 * (`--only` names registry entries; without it every bench runs). Prints a
 * table per result key; with --json the LAST line of output is one JSON object merging all
 * results; with --write the same tables go to bench/RESULTS.md with the date, machine and commit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benches } from './registry.ts';
import {
  formatResult,
  readCommit,
  readMachine,
  recordRun,
  renderResultsFile,
  type ResultsBook,
} from './results-file.ts';

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
  const date = new Date().toISOString();
  const machine = readMachine();
  const commit = readCommit(fileURLToPath(new URL('..', import.meta.url)));
  const compiled = (globalThis as { __switchboardBenchRuntime?: unknown }).__switchboardBenchRuntime !== undefined;
  const merged: Record<string, unknown> = {};
  const measured: ResultsBook = {};
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
    measured[bench.name] = {
      date,
      machine,
      commit,
      quick,
      runtime: compiled ? 'compiled' : 'tsx',
      seconds: Math.round(seconds * 10) / 10,
      results: result,
    };
    console.log(`(${bench.name}: ${seconds.toFixed(1)} s${quick ? ', quick' : ''})`);
  }
  if (write) {
    const bookFile = new URL('./results.json', import.meta.url);
    const before = existsSync(bookFile) ? (JSON.parse(readFileSync(bookFile, 'utf8')) as ResultsBook) : {};
    const book = recordRun(
      before,
      measured,
      benches.map((b) => b.name),
    );
    writeFileSync(bookFile, `${JSON.stringify(book, null, 2)}\n`);
    const file = new URL('./RESULTS.md', import.meta.url);
    writeFileSync(file, renderResultsFile(book));
    console.log(`\nresults written to ${fileURLToPath(file)} (${Object.keys(measured).join(', ')})`);
  }
  if (json) console.log(JSON.stringify(merged));
}

await main(process.argv.slice(2));
