// CPU time of other processes from /proc (Linux), for the intake bench's database and peer columns.
import { readdirSync, readFileSync } from 'node:fs';

const userHz = 100; // USER_HZ is 100 on Linux

/** The command name and CPU seconds (user + system) of one process, or undefined when it is gone. */
function statOf(pid: string | number): { name: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, close),
      seconds: (Number(fields[11]) + Number(fields[12])) / userHz,
    }; // utime, stime
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by one process (undefined without /proc or once it ended). */
export function processCpuSeconds(pid: number): number | undefined {
  return statOf(pid)?.seconds;
}

/** CPU seconds used so far by every process with this command name (undefined without /proc). */
export function cpuSecondsOfAll(name: string): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  let seconds = 0;
  for (const pid of pids) {
    const s = statOf(pid); // undefined: the process ended meanwhile
    if (s?.name === name) seconds += s.seconds;
  }
  return seconds;
}
