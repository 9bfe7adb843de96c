import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SLUG_PATTERN } from '../content/index.js';
import type { TemplateSearchPath } from '../template/index.js';

/** The starter item `briefkit new` writes; it validates against the `brief` schema. */
export function starterItem(id: string, template: string, today: string): string {
  const title = id
    .split('-')
    .filter((w) => w !== '')
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');
  return `# yaml-language-server: $schema=../templates/${template}/schema.json
# A new briefkit item. Check it with \`briefkit validate\`, build it with \`briefkit build\`.
${template === 'brief' ? '' : `template: ${template}\n`}title: ${JSON.stringify(title)}
date: ${today}
lang: en
marking: PUBLIC
organizations: [Your organization]
summary: |
  One to three short paragraphs: what happened, who took part, why it matters.
  **Markdown** works here.
key_figures:
  - { value: "1", label: what this number counts }
sections:
  - heading: What was discussed
    points:
      - A first point
      - A second point
quotes:
  - text: Words spoken, without quotation marks.
    speaker: A. Person
    role: Their role
talking_points:
  - A line for the briefing note and the speaker notes.
sources:
  - { title: Where the facts come from, date: ${today} }
`;
}

/** Writes `content/<id>.yaml`; refuses to overwrite without `--force`. */
export async function newItemCommand(
  cwd: string,
  id: string,
  flags: { template: string; force?: boolean },
  search: (root: string) => TemplateSearchPath[],
): Promise<{ code: number; usage?: string }> {
  if (!SLUG_PATTERN.test(id)) return { code: 2, usage: `\`${id}\` is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit (at most 80)` };
  if (!search(cwd).some((p) => existsSync(resolve(p.dir, flags.template, 'schema.json')))) return { code: 2, usage: `template set \`${flags.template}\` not found` };
  const file = resolve(cwd, 'content', `${id}.yaml`);
  if (existsSync(file) && !flags.force) return { code: 2, usage: `content/${id}.yaml already exists (use --force to overwrite it)` };
  await mkdir(resolve(cwd, 'content'), { recursive: true });
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const now = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  await writeFile(file, starterItem(id, flags.template, now.toISOString().slice(0, 10)));
  process.stdout.write(`wrote content/${id}.yaml\nnext: edit it, then run \`briefkit validate content/${id}.yaml\` and \`briefkit build content/${id}.yaml\`\n`);
  return { code: 0 };
}
