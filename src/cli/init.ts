/**
 * `briefkit init [dir]`: scaffolds a new project — an example item, an
 * editable copy of the `brief` template set, `briefkit.config.yaml`,
 * `.gitignore` and `package.json` — into an empty folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { slugify } from '../content/index.js';
import { CONFIG_FILE } from './config.js';
import { starterItem } from './new-item.js';

/** The example item `init` writes (under `content/`). */
export const EXAMPLE_ID = 'first-briefing';

/** Entries an otherwise empty folder may hold without counting as "not empty". */
const IGNORED = new Set(['.git']);

/** The configuration `init` writes, with every setting spelled out. */
export function initConfig(): string {
  return `# briefkit project settings; command-line flags override them.
content: content          # where the items are (build and validate default to this folder)
out: out                  # where build writes its outputs
template: brief           # the template set \`briefkit new\` uses (templates/brief is yours to edit)
formats: [pdf, docx, outline, pptx]
# itemTimeout: 300        # seconds an item may take to render before it fails (default: no limit)
`;
}

/** The project's package.json: scripts that run the briefkit on the PATH. */
export function initPackageJson(name: string): string {
  const pkg = { name: slugify(name) || 'briefkit-project', private: true, scripts: { build: 'briefkit build', validate: 'briefkit validate' } };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Runs `init`: refuses a folder that is not empty unless `force` (changing
 * nothing then), and with `force` names every file it overwrites.
 */
export async function initCommand(cwd: string, dir: string | undefined, flags: { force?: boolean }, packageRoot: string, today: string): Promise<{ code: number; usage?: string }> {
  const target = resolve(cwd, dir ?? '.');
  const shown = relative(cwd, target) || '.';
  if (existsSync(target) && !statSync(target).isDirectory()) return { code: 2, usage: `${shown} is a file, not a folder` };
  const present = existsSync(target) ? readdirSync(target).filter((name) => !IGNORED.has(name)) : [];
  if (present.length > 0 && !flags.force) {
    return { code: 2, usage: `${shown} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); nothing was changed. Use an empty folder, or --force to write into it (files briefkit writes are overwritten, and each is named)` };
  }
  const files: [string, string][] = [
    [`content/${EXAMPLE_ID}.yaml`, starterItem(EXAMPLE_ID, 'brief', today)],
    [CONFIG_FILE, initConfig()],
    ['.gitignore', 'out/\nnode_modules/\n'],
    ['package.json', initPackageJson(basename(target))],
  ];
  const overwritten: string[] = [];
  await mkdir(target, { recursive: true });
  for (const [rel, text] of files) {
    const path = resolve(target, rel);
    if (existsSync(path)) overwritten.push(rel);
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, text);
  }
  const from = resolve(packageRoot, 'templates', 'brief');
  const to = resolve(target, 'templates', 'brief');
  for (const rel of await listTree(from)) if (existsSync(resolve(to, rel))) overwritten.push(`templates/brief/${rel}`);
  await cp(from, to, { recursive: true, force: true });

  const out = process.stdout;
  out.write(`created a briefkit project in ${shown}:\n`);
  out.write(`  content/${EXAMPLE_ID}.yaml   an example item: edit it\n`);
  out.write(`  templates/brief/              the template set (schema, theme, templates, labels): yours to change\n`);
  out.write(`  ${CONFIG_FILE}          content and output folders, template set, formats\n`);
  out.write(`  .gitignore, package.json\n`);
  for (const rel of overwritten) out.write(`overwrote ${rel}\n`);
  out.write(`\nnext:\n${shown === '.' ? '' : `  cd ${shown}\n`}  briefkit validate\n  briefkit build\n`);
  return { code: 0 };
}

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(prefix === '' ? dir : resolve(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listTree(dir, rel)));
    else out.push(rel);
  }
  return out;
}
