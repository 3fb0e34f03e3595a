import { checkWhen } from '../../core/policy/check-rule.ts';
import { checkTemplate } from '../../core/pipeline/template.ts';
import { under } from '../../core/policy/problem.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import type { PolicySection } from './section.ts';

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Scripts: every placeholder and filter of every locale's text is known (`fields.<id>` a
 * declared field, `constants.<name>` a constant of the policy), and a script's `when` is a valid
 * condition on the ticket's facts.
 */
export const scriptsSection: PolicySection = {
  name: 'scripts',
  at: '/scripts',
  check(doc, ids, ctx) {
    const { add, problems } = createProblemList();
    const constants = doc.constants && typeof doc.constants === 'object' ? Object.keys(doc.constants) : [];
    const names = { fields: ids.fieldIds, constants: new Set(constants) };
    for (const [name, script] of Object.entries(doc.scripts ?? {})) {
      if (!script || typeof script !== 'object') continue;
      const at = `/scripts/${escapeKey(name)}`;
      for (const [locale, text] of Object.entries(script)) {
        if (locale === 'when') add(checkWhen(text, `${at}/when`, 'automation', 'match', ctx));
        else if (typeof text === 'string') add(under(`${at}/${escapeKey(locale)}`, checkTemplate(text, names)));
      }
    }
    return problems;
  },
};
