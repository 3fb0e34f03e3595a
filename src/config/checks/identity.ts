import { defaultStatuses } from '../../core/policy/defaults.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import { isValidTimeZone } from '../../core/util/zone-offsets.ts';
import type { PolicySection } from './section.ts';

/** Time zone, channels, categories, statuses and priority levels: the names the rest refers to. */
export const identitySection: PolicySection = {
  name: 'identity',
  at: '',
  check(doc, ids) {
    const { push, ref, unique, problems } = createProblemList();
    if (doc.timezone !== undefined && !isValidTimeZone(doc.timezone)) {
      push(
        '/timezone',
        'SWB_CONFIG_SCHEMA',
        `unknown time zone "${doc.timezone}": use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC`,
      );
    }
    unique(doc.channels, '/channels', 'channel');
    unique(doc.categories, '/categories', 'category');
    doc.categories.forEach((c, i) => {
      if (c) unique(c.children, `/categories/${i}/children`, `category "${c.id}/…"`);
    });
    if (doc.defaultCategory !== undefined) ref('/defaultCategory', 'category', doc.defaultCategory, ids.categoryIds);
    const statuses = doc.statuses ?? defaultStatuses;
    unique(statuses, '/statuses', 'status');
    for (const kind of ['new', 'open', 'pending', 'resolved', 'closed'] as const) {
      if (!statuses.some((s) => s?.kind === kind))
        push(
          '/statuses',
          'SWB_CONFIG_UNKNOWN_REF',
          `no status of kind "${kind}": add one, e.g. { id: ${kind}, kind: ${kind} }`,
        );
    }
    unique(
      doc.priorities.levels.map((id) => ({ id })),
      '/priorities/levels',
      'priority level',
    );
    ref('/priorities/default', 'priority level', doc.priorities.default, ids.levels);
    return problems;
  },
};
