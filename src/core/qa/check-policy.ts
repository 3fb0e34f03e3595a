import type { ErrorCode } from '../errors/index.ts';

type Ref = (path: string, kind: string, value: unknown, known: Iterable<string>) => void;
type Push = (path: string, code: ErrorCode, message: string, severity?: 'warning') => void;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function uniqueIds(list: unknown, at: string, kind: string, push: Push): void {
  if (!Array.isArray(list)) return;
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    if (!isObject(item) || typeof item.id !== 'string') return;
    const first = seen.get(item.id);
    if (first !== undefined)
      push(`${at}/${i}/id`, 'SWB_CONFIG_DUPLICATE_ID', `duplicate ${kind} id "${item.id}" (also at ${at}/${first})`);
    else seen.set(item.id, i);
  });
}

/**
 * What the qa and faq schemas cannot say: unique checklist and FAQ ids, new agents and FAQ
 * channels that exist, an answer in the policy's locale, a reachable sampling rate.
 */
export function checkQaFaq(
  doc: Record<string, unknown>,
  refs: { agentIds: Set<string>; channelIds: Set<string>; locale: string },
  ref: Ref,
  push: Push,
): void {
  const qa = doc.qa;
  if (isObject(qa)) {
    uniqueIds(qa.checklist, '/qa/checklist', 'checklist item', push);
    if (Array.isArray(qa.newAgents)) {
      qa.newAgents.forEach((n, i) => {
        if (typeof n === 'string') ref(`/qa/newAgents/${i}`, 'agent', n, refs.agentIds);
        else if (isObject(n)) ref(`/qa/newAgents/${i}/agent`, 'agent', n.agent, refs.agentIds);
      });
    }
    if (!Array.isArray(qa.checklist) || qa.checklist.length === 0)
      push(
        '/qa',
        'SWB_CONFIG_SCHEMA',
        'qa has no checklist: sampled tickets cannot be scored; add checklist: [{ id, text }]',
        'warning',
      );
  }
  const faq = doc.faq;
  if (isObject(faq)) {
    uniqueIds(faq.entries, '/faq/entries', 'FAQ entry', push);
    if (Array.isArray(faq.channels))
      faq.channels.forEach((c, i) => ref(`/faq/channels/${i}`, 'channel', c, refs.channelIds));
    if (Array.isArray(faq.entries)) {
      faq.entries.forEach((e, i) => {
        if (!isObject(e) || !isObject(e.answer)) return;
        const lang = refs.locale.split('-')[0];
        if (!Object.keys(e.answer).some((k) => k === refs.locale || k.split('-')[0] === lang)) {
          push(
            `/faq/entries/${i}/answer`,
            'SWB_CONFIG_SCHEMA',
            `FAQ entry "${String(e.id)}" has no answer in the policy locale "${refs.locale}"; other locales fall back to the first answer`,
            'warning',
          );
        }
      });
    }
  }
}
