import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve.ts';

const io = { out: () => {}, err: () => {} } as never;

describe('switchboard serve flags', () => {
  it.each([
    [['--archive-after-days', 'soon'], /--archive-after-days must be a whole number of days/],
    [['--archive-after-days=-3'], /--archive-after-days must be a whole number of days/],
    [['--archive-after-days', '30', '--database-url', 'postgres://x@127.0.0.1:1/db'], /applies to the lowdb store/],
    [['--rate-limit', '1.5'], /--rate-limit must be a whole number/],
    [['--limit', 'auth.failures=3'], /auth.failures is not a limit; use one of .*auth.failuresPerMinute/],
    [['--limit', 'ticket.maxReplies'], /--limit takes section.key=N/],
    [['--limit', 'ticket.maxReplies=many'], /needs a whole number, got "many"/],
    [['--limit', 'ticket.maxReplies=0'], /limits.ticket.maxReplies must be a whole number ≥ 1/],
  ])('%j is refused with a message that says what to pass', async (args, message) => {
    await expect(serveCommand(args, io)).rejects.toMatchObject({
      code: 'SWB_CLI_USAGE',
      message: expect.stringMatching(message),
    });
  });
});
