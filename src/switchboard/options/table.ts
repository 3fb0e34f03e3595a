import { optionsSchema } from './schema.ts';

interface Node {
  type?: string;
  tsType?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  items?: Node;
  required?: readonly string[];
}

const typeOf = (n: Node): string => {
  if (n.tsType) return n.tsType;
  if (n.type === 'array') return `${n.items?.type ?? 'unknown'}[]`;
  if (n.type === 'integer') return 'number';
  return n.type ?? 'unknown';
};
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The options table of docs/embedding.md: one row per option, sections as dotted paths. */
export function optionsTableMarkdown(): string {
  const rows = ['| Option | Type | Default | What it does |', '| --- | --- | --- | --- |'];
  const walk = (props: Record<string, Node>, prefix: string, required: readonly string[]) => {
    for (const [name, node] of Object.entries(props)) {
      const path = `${prefix}${name}`;
      if (node.type === 'object' && node.properties && !node.tsType) {
        rows.push(`| \`${path}\` | section | | ${cell(node.description ?? '')} |`);
        walk(node.properties, `${path}.`, node.required ?? []);
        continue;
      }
      const dflt =
        node.default === undefined
          ? required.includes(name)
            ? 'required'
            : ''
          : `\`${JSON.stringify(node.default)}\``;
      rows.push(`| \`${path}\` | \`${cell(typeOf(node))}\` | ${cell(dflt)} | ${cell(node.description ?? '')} |`);
    }
  };
  walk(optionsSchema.properties as unknown as Record<string, Node>, '', []);
  return rows.join('\n');
}
