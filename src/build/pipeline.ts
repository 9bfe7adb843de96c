import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { loadContent, slugify, templateOf, validateContent, type Item } from '../content/index.js';
import { compareDiagnostics, error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { DOC_VERSION, parseSource, type Doc } from '../doc/index.js';
import { readSmallFile, type Env } from '../env/index.js';
import { formatIsoDate, loadTemplateSet, mergeItem, TEMPLATE_OF_FORMAT, type OutputFormat, type TemplateSearchPath, type TemplateSet } from '../template/index.js';
import { loadItemAssets, loadSetLogo, type ItemAssets } from './assets.js';
import type { Asset } from '../render/types.js';

/** A project: where its files are and the template sets loaded so far (each once). */
export interface Project {
  env: Env;
  templateSearch: readonly TemplateSearchPath[];
  sets: Map<string, ReturnType<typeof loadTemplateSet>>;
  /** Each set's theme logo, read once. */
  logos: Map<string, ReturnType<typeof loadSetLogo>>;
  /**
   * Runs item preparations with bounded concurrency, so a folder of ten
   * thousand items never has more files open at once than the system allows
   * (EMFILE under `ulimit -n 256`).
   */
  preparing: <T>(task: () => Promise<T>) => Promise<T>;
  /** The template set of items that name none (`template:` in briefkit.config.yaml; default `brief`). */
  defaultTemplate: string;
}

/** Items prepared at once: enough to keep the disk busy, far under any open-file limit. */
export const PREPARE_CONCURRENCY = 32;

/** A limiter: at most `max` tasks run at once, the others wait in order. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter.
    if (running >= max) await new Promise<void>((resolveSlot) => waiting.push(resolveSlot));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** Creates a project over an Env; template sets are looked up in `templateSearch` order. */
export function createProject(env: Env, templateSearch: readonly TemplateSearchPath[], defaultTemplate = 'brief'): Project {
  return { env, templateSearch, sets: new Map(), logos: new Map(), preparing: limiter(PREPARE_CONCURRENCY), defaultTemplate };
}

/** Loads a template set once per project. */
export function templateSet(project: Project, name: string): ReturnType<typeof loadTemplateSet> {
  let set = project.sets.get(name);
  if (!set) {
    set = loadTemplateSet(project.env, project.templateSearch, name);
    project.sets.set(name, set);
  }
  return set;
}

/** Reads a set's theme logo once per project. */
function setLogo(project: Project, set: TemplateSet): ReturnType<typeof loadSetLogo> {
  let logo = project.logos.get(set.name);
  if (!logo) {
    logo = loadSetLogo(project.env, set);
    project.logos.set(set.name, logo);
  }
  return logo;
}

/** An item that loaded and validated, with its template set and images. */
export interface PreparedItem {
  item: Item;
  set: TemplateSet;
  assets: ItemAssets;
  /** sha256 (hex) of the content file's bytes. */
  sourceSha256: string;
  /** The template set's theme logo, when it has one. */
  logo?: Asset;
  warnings: Diagnostic[];
}

/** The outcome of preparing one content file. */
export type PrepareResult = { ok: true; prepared: PreparedItem } | { ok: false; id: string; diagnostics: Diagnostic[]; warnings: Diagnostic[] };

/**
 * Reads, parses and validates one content file and checks its images: all
 * that `validate` checks and `build` needs before rendering.
 */
export async function prepareItem(project: Project, file: string): Promise<PrepareResult> {
  return project.preparing(() => prepareOne(project, file));
}

async function prepareOne(project: Project, file: string): Promise<PrepareResult> {
  const fallbackId = slugify(file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')) || 'item';
  let bytes: Uint8Array;
  try {
    // A content file is small and read whole: synchronously when the Env can (no trip through the thread pool).
    const path = resolve(project.env.root, file);
    bytes = await readSmallFile(project.env, path);
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    return { ok: false, id: fallbackId, diagnostics: [error(file, code === 'EISDIR' ? 'is a folder, not a content file' : `cannot be read (${code ?? messageOf(thrown)})`, { code: 'read' })], warnings: [] };
  }
  const loaded = loadContent(file, bytes);
  if (!loaded.ok) return { ok: false, id: fallbackId, diagnostics: loaded.diagnostics, warnings: [] };
  const rawId = loaded.content.data.id;
  const id = typeof rawId === 'string' && rawId.trim() !== '' ? rawId.trim() : fallbackId;
  const setResult = await templateSet(project, templateOf(loaded.content, project.defaultTemplate));
  if (!setResult.ok) {
    const at = loaded.content.positions.value.get('template');
    // The item names its own file too, so it is counted and listed as failed wherever the set's faults are.
    const own = error(file, `template set \`${templateOf(loaded.content, project.defaultTemplate)}\` cannot be used (its faults follow)`, { ...at, ...(at ? { path: 'template' } : {}), code: 'template-set' });
    const diagnostics = [own, ...setResult.diagnostics];
    return { ok: false, id, diagnostics, warnings: loaded.warnings };
  }
  const validated = validateContent(loaded.content, setResult.set.schema, project.defaultTemplate);
  if (!validated.ok) {
    // Report image faults together with the schema's, so a file's faults come all at once.
    const images = await loadItemAssets(project.env, loaded.content);
    const diagnostics = images.ok ? validated.diagnostics : [...validated.diagnostics, ...images.diagnostics];
    return { ok: false, id, diagnostics: diagnostics.sort(compareDiagnostics), warnings: [...loaded.warnings, ...validated.warnings] };
  }
  const assets = await loadItemAssets(project.env, validated.item);
  const warnings = [...loaded.warnings, ...validated.warnings];
  if (!assets.ok) return { ok: false, id: validated.item.id, diagnostics: assets.diagnostics, warnings };
  const logo = await setLogo(project, setResult.set);
  if (!logo.ok) return { ok: false, id: validated.item.id, diagnostics: logo.diagnostics, warnings };
  const prepared: PreparedItem = {
    item: validated.item,
    set: setResult.set,
    assets: assets.assets,
    sourceSha256: createHash('sha256').update(bytes).digest('hex'),
    warnings,
  };
  if (logo.logo) prepared.logo = logo.logo;
  return { ok: true, prepared };
}

/** Whether the item's template set has the template a format needs. */
export function supportsFormat(prepared: PreparedItem, format: OutputFormat): boolean {
  return prepared.set.templates[TEMPLATE_OF_FORMAT[format]] !== undefined;
}

/** Merges a prepared item into the template of `format` and parses the result into a Doc. */
export function documentFor(prepared: PreparedItem, format: OutputFormat): { ok: true; doc: Doc } | { ok: false; diagnostics: Diagnostic[] } {
  const { item, set } = prepared;
  const merged = mergeItem(set, TEMPLATE_OF_FORMAT[format], item, prepared.assets.sources);
  if (!merged.ok) return merged;
  const parsed = parseSource({ template: merged.source.template, markdown: merged.source.markdown, fields: item.markdown });
  if (parsed.diagnostics.length > 0) return { ok: false, diagnostics: parsed.diagnostics };
  const labels = set.labels(item.lang);
  const str = (key: string) => (typeof item.data[key] === 'string' && item.data[key] !== '' ? (item.data[key] as string) : undefined);
  const organizations = Array.isArray(item.data.organizations) ? (item.data.organizations as string[]) : [];
  const date = str('date') ?? '';
  const doc: Doc = {
    type: 'root',
    version: DOC_VERSION,
    meta: {
      id: item.id,
      lang: item.lang,
      title: str('title') ?? item.id,
      date,
      dateText: formatIsoDate(date, item.lang),
      organizations,
      sourceSha256: prepared.sourceSha256,
      labels: {
        pageOf: labels.page_of ?? 'Page {page} of {pages}',
        continued: labels.continued ?? '(cont.)',
        figure: labels.figure ?? 'Figure',
        notes: labels.notes ?? 'Notes',
        keyFigureValue: labels.key_figure_value ?? 'Figure', keyFigureLabel: labels.key_figure_label ?? 'Description',
      },
      ...optional('subtitle', str('subtitle')),
      ...optional('location', str('location')),
      ...optional('marking', str('marking')),
      ...optional('preparedFor', str('prepared_for')),
      ...optional('preparedBy', str('prepared_by')),
    },
    children: parsed.blocks,
  };
  return { ok: true, doc };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * The timestamp written into outputs: `SOURCE_DATE_EPOCH` when given, else
 * the item's date at 00:00 UTC.
 */
export function createdAt(item: Item, sourceDateEpoch: number | undefined): Date {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(item.data.date ?? ''));
  if (!match) return new Date(Date.UTC(1980, 0, 1));
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}
