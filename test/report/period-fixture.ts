import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { expectedFor, type Expected } from '../metrics/expected.ts';
import { fixturePolicyText, officeMinutes } from '../metrics/fixture-policy.ts';
import { monthStart, playMonth, scriptMonth, type ScriptedTicket } from '../metrics/fixture-month.ts';

const MIN = 60_000;
const DAY = 86_400_000;
/** Monday 5 October 2026, 00:00 in Shanghai: the week the report of Monday 12 October covers. */
export const weekStart = monthStart + 4 * DAY;
export const weekEnd = weekStart + 7 * DAY;

/** One ticket as the independent computation sees it: its raw times and the figures they give. */
export interface WeekTicket {
  category: string;
  group: 'desk' | 'tech';
  createdAt: number;
  byBot: boolean;
  e: Pick<Expected, 'frtBiz' | 'resBiz' | 'ahtBiz'>;
}

/**
 * Tickets the FAQ bot resolved in the week: the bot answers, the customer confirms, the ticket
 * is resolved by `bot:faq:<entry>` without any agent reply (at several hours of the day).
 */
const botTickets = Array.from({ length: 6 }, (_x, i) => ({
  createdAt: weekStart + (i % 5) * DAY + (2 + i * 3) * 60 * MIN + 7 * MIN,
  resolvedAfter: (10 + i * 25) * MIN,
}));

/** The fixture month, six bot resolutions, a weekly schedule, played into a lowdb data dir. */
export async function buildWeek(dir: string): Promise<{ sb: Switchboard; week: WeekTicket[]; reportsDir: string }> {
  const dataDir = join(dir, 'data');
  const policyFile = join(dir, 'policy.yaml');
  await writeFile(policyFile, `${fixturePolicyText}reports:\n  weekly: "mon 08:00"\n  dir: out/reports\n`);
  const clock = createManualClock(new Date(monthStart));
  const sb = await createSwitchboard({
    policy: { path: policyFile },
    dataDir,
    store: createLowdbStore({ dir: dataDir, clock }),
    clock,
    logger: silentLogger,
    reports: { tickMs: 0 },
    qa: { tickMs: 0 },
  });
  const script: ScriptedTicket[] = scriptMonth();
  await playMonth(sb.tickets, clock, script);
  for (const b of botTickets) {
    clock.set(new Date(b.createdAt));
    const { ticket } = await sb.tickets.create({
      channel: 'chat',
      subject: 'how do I reset my password',
      category: 'inquiry',
      priority: 'P2',
      customer: { id: `faq${b.createdAt % 101}` },
    });
    await sb.tickets.reply(ticket.id, { author: { type: 'bot', id: 'faq' }, body: 'Open Settings, then Reset.' });
    clock.set(new Date(b.createdAt + b.resolvedAfter));
    await sb.tickets.setStatus(ticket.id, 'resolved', { actor: 'bot:faq:reset' });
  }
  const inWeek = (at: number) => at >= weekStart && at < weekEnd;
  const week: WeekTicket[] = [
    ...script
      .filter((s) => inWeek(s.createdAt))
      .map((s) => ({
        category: s.category,
        group: s.category.startsWith('fault') ? ('tech' as const) : ('desk' as const),
        createdAt: s.createdAt,
        byBot: false,
        e: expectedFor(s),
      })),
    ...botTickets.map((b) => ({
      category: 'inquiry',
      group: 'desk' as const,
      createdAt: b.createdAt,
      byBot: true,
      e: { resBiz: officeMinutes(b.createdAt, b.createdAt + b.resolvedAfter) * MIN },
    })),
  ];
  // the schedule starts counting at its first look, an hour before Monday 08:00; then the clock moves on
  clock.set(new Date(weekEnd + 7 * 60 * MIN));
  await sb.reports.tick();
  clock.set(new Date(weekEnd + 9 * 60 * MIN));
  return { sb, week, reportsDir: join(dataDir, 'out', 'reports') };
}
