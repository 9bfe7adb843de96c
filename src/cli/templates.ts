import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createNodeEnv } from '../env/index.js';
import { loadTemplateSet, type TemplateSearchPath } from '../template/index.js';

const FORMATS_OF_TEMPLATE: Record<string, string[]> = { factsheet: ['pdf'], briefing: ['docx'], outline: ['outline', 'pptx'] };

/**
 * Lists the template sets (project first, then briefkit's own) with the
 * formats they can build, inherited templates included, their schema title
 * and the set they extend.
 */
export async function templatesCommand(search: readonly TemplateSearchPath[], root: string = process.cwd()): Promise<number> {
  const seen = new Set<string>();
  const env = createNodeEnv(root);
  for (const place of search) {
    if (!existsSync(place.dir)) continue;
    for (const name of readdirSync(place.dir).sort()) {
      const dir = resolve(place.dir, name);
      if (seen.has(name) || !(existsSync(resolve(dir, 'schema.json')) || existsSync(resolve(dir, 'set.yaml')))) continue;
      seen.add(name);
      const loaded = await loadTemplateSet(env, search, name);
      if (!loaded.ok) {
        process.stdout.write(`${name.padEnd(16)} ${'(cannot be used: run briefkit validate for its faults)'.padEnd(28)}  [${place.display}/${name}]\n`);
        continue;
      }
      const formats = Object.entries(FORMATS_OF_TEMPLATE)
        .filter(([template]) => loaded.set.templates[template as keyof typeof loaded.set.templates] !== undefined)
        .flatMap(([, f]) => f);
      const title = String((loaded.set.schema.schema as { title?: unknown }).title ?? '');
      const parent = /^extends:\s*([A-Za-z0-9._-]+)/m.exec(existsSync(resolve(dir, 'set.yaml')) ? new TextDecoder().decode(await env.readFile(resolve(dir, 'set.yaml'))) : '')?.[1];
      process.stdout.write(`${name.padEnd(16)} ${formats.join(', ').padEnd(28)} ${title}${parent ? ` (extends ${parent})` : ''}  [${place.display}/${name}]\n`);
    }
  }
  if (seen.size === 0) process.stdout.write('no template sets found\n');
  return 0;
}
