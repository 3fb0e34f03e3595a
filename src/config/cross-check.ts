import { knownIds, type KnownIds } from '../core/policy/known-ids.ts';
import type { PointedProblem } from '../core/policy/problem.ts';
import type { PolicyDoc } from '../core/policy/types.ts';
import { checkFieldDefs } from '../core/policy/check-fields.ts';
import { checkMigrate } from '../core/policy/check-migrate.ts';
import { checkQaFaq } from '../core/qa/check-policy.ts';
import { checkRouting } from '../core/routing/check-routing.ts';
import { calendarsSection } from './checks/calendars.ts';
import { identitySection } from './checks/identity.ts';
import { classificationSection, priorityRulesSection, routingRulesSection } from './checks/rules.ts';
import type { CheckContext, PolicySection } from './checks/section.ts';
import { scriptsSection } from './checks/scripts.ts';
import { slasSection } from './checks/slas.ts';
import { triggersSection } from './checks/triggers.ts';
import { workflowsSection } from './checks/workflows.ts';

export type { CheckContext } from './checks/section.ts';

/** Every section of a policy with its checker, in the order problems are usually read. */
export const policySections: readonly PolicySection[] = [
  identitySection,
  calendarsSection,
  { name: 'routing', at: '/routing', check: (doc, ids) => checkRouting(doc, ids) },
  classificationSection,
  priorityRulesSection,
  routingRulesSection,
  slasSection,
  scriptsSection,
  workflowsSection,
  triggersSection,
  { name: 'qa and faq', at: '', check: (doc, ids) => checkQaFaq(doc as unknown as Record<string, unknown>, ids) },
  { name: 'migrate', at: '/migrate', check: (doc, ids) => checkMigrate(doc, ids) },
  { name: 'fields', at: '/fields', check: (doc, ids) => checkFieldDefs(doc, ids) },
];

/**
 * Everything the schema cannot say (references between ids, rule contents, templates), section
 * by section. A checker that fails is a problem of its own (SWB_CONFIG_CHECK_FAILED at the
 * section), never a silent gap: the other sections still run.
 */
export function crossCheck(
  doc: PolicyDoc,
  ctx: CheckContext,
  sections: readonly PolicySection[] = policySections,
): PointedProblem[] {
  const out: PointedProblem[] = [];
  const failed = (at: string, name: string, e: unknown) =>
    out.push({
      path: at,
      code: 'SWB_CONFIG_CHECK_FAILED',
      message: `the ${name} section could not be checked (${e instanceof Error ? e.message : String(e)}); fix the other problems listed for it`,
    });
  let ids: KnownIds;
  try {
    ids = knownIds(doc);
  } catch (e) {
    failed('', 'policy ids', e);
    return out;
  }
  const withFields = { ...ctx, fields: ids.fieldIds };
  for (const section of sections) {
    try {
      out.push(...section.check(doc, ids, withFields));
    } catch (e) {
      failed(section.at, section.name, e);
    }
  }
  return out;
}
