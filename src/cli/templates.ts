import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TemplateSearchPath } from '../template/index.js';

const FORMATS_OF_TEMPLATE: Record<string, string[]> = { factsheet: ['pdf'], briefing: ['docx'], outline: ['outline', 'pptx'] };

/** Lists the template sets (project first, then briefkit's own) with their formats and schema title. */
export async function templatesCommand(search: readonly TemplateSearchPath[]): Promise<number> {
  const seen = new Set<string>();
  for (const place of search) {
    if (!existsSync(place.dir)) continue;
    for (const name of readdirSync(place.dir).sort()) {
      const dir = resolve(place.dir, name);
      if (seen.has(name) || !existsSync(resolve(dir, 'schema.json'))) continue;
      seen.add(name);
      const formats = Object.entries(FORMATS_OF_TEMPLATE)
        .filter(([template]) => existsSync(resolve(dir, `${template}.hbs`)))
        .flatMap(([, f]) => f);
      let title = '';
      try {
        title = String((JSON.parse(readFileSync(resolve(dir, 'schema.json'), 'utf8')) as { title?: string }).title ?? '');
      } catch {
        title = '(schema.json is not valid JSON)';
      }
      process.stdout.write(`${name.padEnd(16)} ${formats.join(', ').padEnd(28)} ${title}  [${place.display}/${name}]\n`);
    }
  }
  if (seen.size === 0) process.stdout.write('no template sets found\n');
  return 0;
}
