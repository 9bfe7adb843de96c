/**
 * The project's `briefkit.config.yaml`: where content is, where outputs go,
 * the template set of items that name none and the formats a build writes. Flags on
 * the command line override it; it overrides the built-in defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { yamlLibrary } from '../content/yaml.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../template/formats.js';

/** The name of the configuration file, at the project root. */
export const CONFIG_FILE = 'briefkit.config.yaml';

/** A project's settings, as read from `briefkit.config.yaml` (each optional). */
export interface ProjectConfig {
  /** The content folder, relative to the project root (default `content`). */
  content?: string;
  /** The output folder (default `out`). */
  out?: string;
  /** The template set of items that name none, and of `briefkit new` (default `brief`). */
  template?: string;
  /** The formats `build` writes (default all four). */
  formats?: OutputFormat[];
  /** Seconds an item may take to render (`build --item-timeout`; default: no limit). */
  itemTimeout?: number;
}

const KEYS = ['content', 'out', 'template', 'formats', 'itemTimeout'] as const;

/** The longest time limit a timer can hold (2^31 - 1 ms, ~24 days), in seconds. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** What an item time limit must be (`--item-timeout` and `itemTimeout` alike). */
export const ITEM_TIMEOUT_RULE = `a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`;

/** An item time limit written as seconds (a decimal number), in milliseconds; undefined when it breaks ITEM_TIMEOUT_RULE. */
export function parseItemTimeout(text: string): number | undefined {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  return seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS ? Math.max(1, Math.round(seconds * 1000)) : undefined;
}

/** A configuration file that cannot be used; the CLI reports it as a usage error (exit 2). */
export class ConfigError extends Error {}

/** Reads `briefkit.config.yaml` at `root`; an absent file is an empty configuration. Unknown keys and bad values throw a ConfigError naming the key. */
export function readProjectConfig(root: string): ProjectConfig {
  const file = resolve(root, CONFIG_FILE);
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = yamlLibrary().parse(readFileSync(file, 'utf8'));
  } catch (thrown) {
    throw new ConfigError(`${CONFIG_FILE}: cannot be read: ${thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown)}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${CONFIG_FILE}: expected a mapping of settings (${KEYS.join(', ')})`);
  const config: ProjectConfig = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new ConfigError(`${CONFIG_FILE}: unknown setting \`${key}\` (known: ${KEYS.join(', ')})`);
    if (key === 'formats') {
      const list = typeof value === 'string' ? value.split(',').map((f) => f.trim()) : value;
      if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${CONFIG_FILE}: \`formats\` expects a list of formats (${OUTPUT_FORMATS.join(', ')})`);
      for (const f of list) if (!(OUTPUT_FORMATS as readonly unknown[]).includes(f)) throw new ConfigError(`${CONFIG_FILE}: unknown format \`${String(f)}\` in \`formats\` (known: ${OUTPUT_FORMATS.join(', ')})`);
      config.formats = OUTPUT_FORMATS.filter((f) => (list as unknown[]).includes(f));
      continue;
    }
    if (key === 'itemTimeout') {
      // Checked as the command line checks it, since it reaches the build as the flag's text.
      if (typeof value !== 'number' || parseItemTimeout(String(value)) === undefined) throw new ConfigError(`${CONFIG_FILE}: \`itemTimeout\` expects ${ITEM_TIMEOUT_RULE}, got \`${String(value)}\``);
      config.itemTimeout = value;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${CONFIG_FILE}: \`${key}\` expects ${key === 'template' ? 'the name of a template set' : 'a folder relative to the project'}`);
    if (key === 'template' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) throw new ConfigError(`${CONFIG_FILE}: \`template\`: \`${value}\` is not a template set name`);
    config[key as 'content' | 'out' | 'template'] = value.trim();
  }
  return config;
}

/** Whether commander took an option's value from the command line (not its default), and the options the command has. */
export interface OptionSources {
  getOptionValueSource(key: string): string | undefined;
  readonly options: readonly { attributeName(): string }[];
}

/**
 * Applies the project configuration under the flags of `build` or
 * `validate`: a value given on the command line wins, then the file, then
 * the built-in default. Paths default to the configured content folder.
 */
export function withConfig<F extends object>(root: string, paths: string[], flags: F, sources: OptionSources): { paths: string[]; flags: F } {
  const config = readProjectConfig(root);
  const next: F & { out?: string; format?: string; template?: string; itemTimeout?: string } = { ...flags };
  const fromCli = (key: string) => sources.getOptionValueSource(key) === 'cli';
  const has = (key: string) => sources.options.some((option) => option.attributeName() === key);
  if (config.out !== undefined && 'out' in flags && !fromCli('out')) next.out = config.out;
  if (config.formats !== undefined && 'format' in flags && !fromCli('format')) next.format = config.formats.join(',');
  if (config.template !== undefined && 'template' in flags && !fromCli('template')) next.template = config.template;
  if (config.itemTimeout !== undefined && has('itemTimeout') && !fromCli('itemTimeout')) next.itemTimeout = String(config.itemTimeout);
  return { paths: paths.length === 0 && config.content !== undefined ? [config.content] : paths, flags: next };
}
