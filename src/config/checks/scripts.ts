import { checkTemplate } from '../../core/pipeline/template.ts';
import { under } from '../../core/policy/problem.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import type { PolicySection } from './section.ts';

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Scripts: every placeholder and filter of every locale's text is known. */
export const scriptsSection: PolicySection = {
  name: 'scripts',
  at: '/scripts',
  check(doc) {
    const { add, problems } = createProblemList();
    for (const [name, byLocale] of Object.entries(doc.scripts ?? {})) {
      for (const [locale, text] of Object.entries(byLocale))
        add(under(`/scripts/${escapeKey(name)}/${escapeKey(locale)}`, checkTemplate(text)));
    }
    return problems;
  },
};
