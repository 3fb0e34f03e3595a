import { isSwitchboardError } from '../core/errors/index.ts';
import { processIo, type CliIo } from './io.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { didYouMean } from '../core/util/suggest.ts';

const help = `switchboard: support policy as code

Usage:
  switchboard serve [--config DIR|FILE] [--preset NAME] [--data DIR | --database-url URL [--database-schema NAME]]
                    [--port N] [--host H] [--no-watch] [--cors-origin ORIGINS|*] [--rate-limit N]
                    [--limit SECTION.KEY=N ...] [--sla-poll-ms N] [--sla-lease-ms N] [--archive-after-days N]
      Run the server (REST under /api, socket.io events on the same port). Watches the policy
      and applies valid edits (config.applied), keeping the live policy on errors (config.rejected).
      $DATABASE_URL selects PostgreSQL unless --data is given; every process then shares the
      SLA deadlines (polls the timers table every --sla-poll-ms, default 5000; claims for
      --sla-lease-ms, default 30000). With lowdb, closed tickets --archive-after-days old
      (default 30; 0 = never) move to monthly archive files under DIR/archive, still queryable.
      Listens on 127.0.0.1 only: --host 0.0.0.0 (or an address) to accept other machines.
      --limit sets one of the server's limits (e.g. auth.failuresPerMinute=0), once per limit.
      Defaults: preset "base", data ./data, port $PORT or 3000, host 127.0.0.1.
  switchboard validate <DIR|FILE> [--json] [--data DIR]
  switchboard validate --preset NAME
      Check a policy; prints file:line:col SWB_CODE message per problem; exit 1 when invalid.
      --data DIR also checks it against the open tickets stored there: ids they use that the
      policy drops are SWB_POLICY_IN_USE, and what its migrate: section would move is listed.
  switchboard simulate --config DIR [--baseline DIR] --tickets FILE.jsonl|FILE.csv [--json]
                      [--reclassify] [--max-changes N] [--as-of ISO]
      Replay historical tickets through a candidate policy and a baseline (default: the
      base preset); report counts by priority, group and SLA target, breaches, changed tickets.
  switchboard import --tickets FILE.jsonl|FILE.csv [--data DIR] [--config DIR|--preset NAME] [--live] [--json]
      Load historical tickets (tracking table, optional replies/history) with their original
      times; idempotent by ticket id; reports inserted, skipped and invalid lines. Open tickets
      stay history (not routed, no SLA steps) until changed, unless --live.
  switchboard import --server URL --token T --tickets FILE.jsonl|FILE.csv [--live] [--json]
      The same import through a running server (POST /api/import, admin token).
  switchboard report daily --date YYYY-MM-DD [--data DIR] [--config DIR|--preset NAME] [--out DIR]
      Daily efficiency report: HTML (charts), CSV and JSON; flags channels below their SLA target.
      --server URL --token T instead of --data: the running server's report (GET /api/reports/daily).
  switchboard calendar add|subtract --config FILE|DIR --calendar ID --from ISO (--minutes N|--seconds N|--days N)
  switchboard calendar between --config FILE|DIR --calendar ID --from ISO --to ISO
  switchboard calendar open --config FILE|DIR --calendar ID --at ISO
      Business-time arithmetic; prints an ISO-8601 UTC instant, business seconds, or true/false.
      A YAML file holding only \`calendars:\` is a valid --config.
  switchboard test <DIR|FILE> [--json]      (or --preset NAME)
      Run the policy tests (*.test.yaml beside the policy, or its tests: key); a readable
      diff per failure; exit 1 when any fails.
  switchboard explain (--config DIR|--preset NAME) --ticket FILE.json [--json]
      Run one ticket through the policy and show, step by step, which rule decided and
      which did not, with the facts each rule read.
  switchboard qa sample --from YYYY-MM-DD --to YYYY-MM-DD [--data DIR] [--config DIR|--preset NAME] [--json]
  switchboard qa queue [--status pending|reviewed|all] [--agent ID] | qa agents
  switchboard qa score TICKET --results greeting=pass,problem-confirmed=fail,... [--comment TEXT]
  switchboard qa export [--format csv|json] [--out FILE]
      Quality review on a data directory, or with --server URL --token T through a running server: seeded daily samples of
      resolved tickets, reviews against the policy's checklist, per-agent error rates.
  switchboard recover --data DIR [--json]
      After SWB_STORE_CORRUPT (stop the server first): keep every readable record (checksummed
      snapshot lines, intact journal records, archive months), move the old files into
      DIR/recovered-<time>/ (nothing is deleted), write recovery-report.json and .txt there
      (files, byte offsets, records kept and lost) and leave a store that opens. Exit 1 when
      something was damaged or missing.
  switchboard presets
      List the bundled presets.
  switchboard help`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Each command's module loads when it runs: a one-shot command does not load the server's. */
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.ts')).serveCommand,
  validate: async () => (await import('./validate.ts')).validateCommand,
  simulate: async () => (await import('./simulate.ts')).simulateCommand,
  import: async () => (await import('./import.ts')).importCommand,
  report: async () => (await import('./report.ts')).reportCommand,
  calendar: async () => (await import('./calendar.ts')).calendarCommand,
  test: async () => (await import('./test.ts')).testCommand,
  explain: async () => (await import('./explain.ts')).explainCommand,
  presets: async () => (await import('./presets.ts')).presetsCommand,
  qa: async () => (await import('./qa.ts')).qaCommand,
  recover: async () => (await import('./recover.ts')).recoverCommand,
};

/** The usage lines of one command and their description, cut from the overall help. */
export function commandHelp(name: string): string {
  const lines = help.split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^ {2}switchboard /.test(line))
      inside = line.startsWith(`  switchboard ${name} `) || line === `  switchboard ${name}`;
    else if (!/^ {4}/.test(line)) inside = false;
    if (inside) out.push(line);
  }
  return `Usage:\n${out.join('\n')}`;
}

/** Entry point of the `switchboard` binary; returns the exit code. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    io.out(topic && commands[topic] ? commandHelp(topic) : help);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const e = new SwitchboardError(
      'SWB_CLI_USAGE',
      `unknown command "${name}"${didYouMean(name, Object.keys(commands))}; the commands are ${Object.keys(commands).join(', ')} (switchboard help)`,
      { path: name },
    );
    io.err(`${e.code} ${e.message}`);
    return 2;
  }
  // Every command answers --help with its own usage, before its options are checked.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(name));
    return 0;
  }
  try {
    return await (await command())(rest, io);
  } catch (e) {
    if (isSwitchboardError(e)) {
      io.err(`${e.code} ${e.message}`);
      return e.code === 'SWB_CLI_USAGE' ? 2 : 1;
    }
    // A file system error on a path the user named (a directory given as a file, no access):
    // the path and what is wrong with it, not a stack trace.
    const fsError = e as NodeJS.ErrnoException;
    if (fsError?.syscall && fsError.code) {
      const where = fsError.path ?? name;
      io.err(`SWB_CLI_INPUT ${where}: ${fileProblem(fsError.code)} (${fsError.code} on ${fsError.syscall})`);
      return 1;
    }
    throw e;
  }
}

function fileProblem(code: string): string {
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory, a file was expected';
  if (code === 'ENOTDIR') return 'a directory was expected';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return 'cannot be read or written';
}
