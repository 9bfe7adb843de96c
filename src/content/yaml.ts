/**
 * The `yaml` library, loaded on first use, and the YAML files that ship with
 * briefkit read without it.
 *
 * Content items mostly go through the fast reader (src/content/fast-yaml.ts),
 * so a cold build used the `yaml` library only for the template set's own
 * files (theme.yaml, i18n/*.yaml): ~20 ms to load it and ~25 ms for its
 * first parse, a sixth of a one-format cold build. `npm run build` parses
 * the YAML files under templates/ with the installed `yaml` into
 * dist/template/parsed-yaml.json (scripts/precompile-templates.mjs), keyed by
 * the sha256 of each text; `parseYamlText` answers from it for exactly those
 * texts under the same `yaml` version, and asks the library otherwise.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import { builtTable } from '../env/built-files.js';

const require = createRequire(import.meta.url);

let library: typeof YamlLibrary | undefined;

/** The `yaml` library (loaded on the first call; the bundle keeps it out of its chunks). */
export function yamlLibrary(): typeof YamlLibrary {
  return (library ??= require('yaml') as typeof YamlLibrary);
}

/** The layout of dist/template/parsed-yaml.json. */
export interface ParsedYamlFile {
  /** The `yaml` version that parsed the texts. */
  yaml: string;
  /** sha256 of a text (hex) → its `parse(text)` as JSON. */
  texts: Record<string, string>;
}

/** The version of the installed `yaml` (its package.json, not the library). */
export function yamlVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('yaml/package.json'), 'utf8')) as { version: string }).version;
}

/** sha256 of a YAML text, the key of `ParsedYamlFile.texts`. */
export function yamlTextKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The build-time parses, or null when there are none for this `yaml` version. */
const aheadTexts = builtTable<ParsedYamlFile, string>('parsed-yaml.json', (file) => (file.yaml === yamlVersion() ? file.texts : undefined));

/**
 * `parse(text)` of the `yaml` library (default options): from the build-time
 * parses when the text is one of them (a fresh copy each call), else parsed
 * now. Throws what the library throws for text that is not YAML.
 */
export function parseYamlText(text: string): unknown {
  const known = aheadTexts()?.get(yamlTextKey(text));
  if (known !== undefined) return JSON.parse(known) as unknown;
  return yamlLibrary().parse(text) as unknown;
}
