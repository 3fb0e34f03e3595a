import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { expectedFor, type Expected } from './expected.ts';
import { fixturePolicyText } from './fixture-policy.ts';
import { monthStart, playMonth, scriptMonth, type ScriptedTicket } from './fixture-month.ts';

/** Plays the fixture month (and any `extra` scripted tickets) into a lowdb data dir and writes the policy next to it. */
export async function buildFixtureData(
  dir: string,
  extra: readonly ScriptedTicket[] = [],
): Promise<{ dataDir: string; policyFile: string; script: ScriptedTicket[]; expected: Expected[] }> {
  const dataDir = join(dir, 'data');
  const policyFile = join(dir, 'policy.yaml');
  await writeFile(policyFile, fixturePolicyText);
  const clock = createManualClock(new Date(monthStart));
  const sb = await createSwitchboard({
    config: policyFile,
    store: createLowdbStore({ dir: dataDir, clock }),
    clock,
    logger: silentLogger,
  });
  const script = [...scriptMonth(), ...extra];
  await playMonth(sb.tickets, clock, script);
  await sb.close();
  return { dataDir, policyFile, script, expected: script.map(expectedFor) };
}
