import type { KnownIds } from '../policy/known-ids.ts';
import type { PointedProblem } from '../policy/problem.ts';
import { createProblemList } from '../policy/problem-list.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const listOrNone = (v: unknown) => (Array.isArray(v) ? v : undefined);

/**
 * What the qa and faq schemas cannot say: unique checklist and FAQ ids, new agents and FAQ
 * channels that exist, an answer in the policy's locale, a reachable sampling rate.
 */
export function checkQaFaq(doc: Record<string, unknown>, ids: KnownIds): PointedProblem[] {
  const { push, ref, unique, problems } = createProblemList();
  const refs = {
    agentIds: ids.agentIds,
    channelIds: ids.channelIds,
    locale: typeof doc.locale === 'string' ? doc.locale : 'en',
  };
  const qa = doc.qa;
  if (isObject(qa)) {
    unique(listOrNone(qa.checklist), '/qa/checklist', 'checklist item');
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
    unique(listOrNone(faq.entries), '/faq/entries', 'FAQ entry');
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
  return problems;
}
