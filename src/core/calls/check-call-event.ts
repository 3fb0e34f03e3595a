import { SwitchboardError } from '../errors/index.ts';
import type { Policy } from '../policy/types.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import type { CallEvent, CallEventInput } from './call-event.ts';

/** How far ahead of this server's clock a phone system's clock may run. */
const allowedSkewMs = 5 * 60_000;

/** Refuses an event for a channel that takes no calls, or with a time this server cannot place. */
export function checkCallEvent(policy: Policy, input: CallEventInput, now: Date): void {
  const channel = policy.channels.get(input.channel);
  if (!channel) {
    const list = [...policy.channels.values()].filter((c) => c.kind === 'voice').map((c) => c.id);
    throw new SwitchboardError(
      'SWB_CALL_CHANNEL',
      `unknown channel "${input.channel}"${didYouMean(input.channel, list)}; voice channels: ${listValues(list)}`,
      { path: '/channel', value: input.channel, allowed: list },
    );
  }
  if (channel.kind !== 'voice')
    throw new SwitchboardError(
      'SWB_CALL_CHANNEL',
      `channel "${channel.id}" is a ${channel.kind} channel; call events go to a channel with kind: voice`,
      { path: '/channel', value: input.channel },
    );
  const at = Date.parse(input.at);
  if (!Number.isFinite(at))
    throw new SwitchboardError(
      'SWB_CALL_EVENT_TIME',
      `at "${input.at}" is not an instant; send ISO-8601 UTC like 2026-11-23T08:00:20Z`,
      { path: '/at' },
    );
  if (at > now.getTime() + allowedSkewMs)
    throw new SwitchboardError(
      'SWB_CALL_EVENT_TIME',
      `at ${input.at} is in the future (server time ${now.toISOString()}); send the time the phone system saw the event`,
      { path: '/at' },
    );
}

const ms = (e: CallEvent) => Date.parse(e.at);

/**
 * What makes a call's events impossible together (undefined: nothing). Checked with the new event
 * among them, so an event arriving late is judged against the ones that came before it.
 */
export function contradiction(
  events: readonly CallEvent[],
): { code: 'time' | 'conflict'; message: string } | undefined {
  const of = (type: CallEvent['type']) => events.find((e) => e.type === type);
  const offered = of('offered');
  const answered = of('answered');
  const ended = of('ended');
  const abandoned = of('abandoned');
  const wrapped = of('wrapup-ended');
  if (answered && abandoned)
    return {
      code: 'conflict',
      message: `the call is answered (${answered.at}) and abandoned (${abandoned.at}); a caller abandons only an unanswered call`,
    };
  if (offered)
    for (const e of events)
      if (ms(e) < ms(offered))
        return { code: 'time', message: `${e.type} at ${e.at} is before the call was offered (${offered.at})` };
  if (answered)
    for (const e of events)
      if (
        (e.type === 'held' || e.type === 'resumed' || e.type === 'transferred' || e.type === 'ended') &&
        ms(e) < ms(answered)
      )
        return { code: 'time', message: `${e.type} at ${e.at} is before the call was answered (${answered.at})` };
  if (ended)
    for (const e of events)
      if (
        (e.type === 'held' || e.type === 'resumed' || e.type === 'transferred' || e.type === 'answered') &&
        ms(e) > ms(ended)
      )
        return { code: 'time', message: `${e.type} at ${e.at} is after the call ended (${ended.at})` };
  if (wrapped) {
    const end = ended ?? abandoned;
    if (end && ms(wrapped) < ms(end))
      return { code: 'time', message: `wrap-up ended at ${wrapped.at}, before the call ended (${end.at})` };
  }
  return undefined;
}
