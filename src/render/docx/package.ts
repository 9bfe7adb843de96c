/**
 * The parts of a briefing note's package, without zipping them, and with the
 * parts that do not depend on the item written once per process.
 *
 * The docx library's `Packer` deflates every part into a zip file, which the
 * OOXML writer would only unzip again to normalise and re-deflate; its
 * compiler gives the same parts (XML as text, media as bytes) before that.
 *
 * The styles part (from the theme and the language) and the document theme
 * (always the library's default; the theme's fonts are put in later) cost as
 * much to build and write as a short body. They are written once per set of
 * style options, from a document that holds nothing else, and every document
 * (the first one too) is compiled with stand-ins for them whose parts are then
 * replaced by that text. So a document's parts never depend on what was
 * rendered before in the process, and the first render takes the same path as
 * the others.
 *
 * A cold process would still write them once for its first document (~20 ms
 * of a one-item build). So `npm run build` writes them for the shipped
 * template sets' themes (scripts/docx-fixed-parts.mjs), with a stand-in for
 * the language (the one thing in them that changes from item to item), into
 * dist/render/docx/fixed-parts/; a process reads the file for its style
 * options, when there is one, and puts the document's language in.
 *
 * The numbering part depends on the lists of the document, but most documents
 * have lists of the same few kinds: its text is remembered under everything it
 * is written from, and written again only for a numbering not seen before.
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import {
  Document,
  Numbering,
  Packer,
  Styles,
  Theme,
  type IContext,
  type INumberingOptions,
  type IPropertiesOptions,
  type IStylesOptions,
  type IXmlableObject,
} from 'docx';
import { readDistFile } from '../../env/built-files.js';

/** A package part as the compiler gives it. */
type CompiledData = string | Uint8Array | ArrayBuffer;

/** The compiler `Packer` uses (`Packer.compiler`, not part of the library's typings). */
interface DocxCompiler {
  compile(file: Document): ReadonlyMap<string, CompiledData>;
}

function isCompiler(value: unknown): value is DocxCompiler {
  return typeof value === 'object' && value !== null && typeof (value as { compile?: unknown }).compile === 'function';
}

/** The compiler, when this version of the library has the one `Packer` uses. */
const compiler: DocxCompiler | undefined = ((candidate: unknown) => (isCompiler(candidate) ? candidate : undefined))(
  (Packer as unknown as { compiler?: unknown }).compiler,
);

/** Whether the parts come straight from the compiler (else `Packer.pack` zips them and they are unzipped: slower, same parts). */
export const compilesParts: boolean = compiler !== undefined;

const STYLES_PART = 'word/styles.xml';
const THEME_PART = 'word/theme/theme1.xml';
const NUMBERING_PART = 'word/numbering.xml';

/** The styles a briefing note is given: the styles in code and an external styles part. */
export interface DocumentStyles {
  styles: IStylesOptions;
  externalStyles: string;
}

/** The text of the parts that depend only on the style options. */
export interface FixedParts {
  styles: string;
  theme: string;
}

/** Fixed parts by their style options (as JSON); a few themes and languages per process at most. */
const fixedCache = new Map<string, FixedParts>();
const FIXED_CACHE_MAX = 32;

function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  // A Buffer (or a view from another realm) is read as plain bytes, as the library's own zip step does.
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function textPart(parts: ReadonlyMap<string, CompiledData>, path: string): string {
  const data = parts.get(path);
  if (typeof data !== 'string') throw new Error(`docx: the compiler wrote no ${path}`);
  return data;
}

/** The styles and theme parts for the style options: from the build's file for them, else written from an otherwise empty document; then kept. */
function fixedPartsFor(docx: DocxCompiler, styles: DocumentStyles): FixedParts {
  const key = JSON.stringify(styles);
  const known = fixedCache.get(key);
  if (known) return known;
  const fixed = madeFixedParts(styles) ?? compileFixedParts(docx, styles);
  if (fixedCache.size >= FIXED_CACHE_MAX) fixedCache.delete(fixedCache.keys().next().value!);
  fixedCache.set(key, fixed);
  return fixed;
}

function compileFixedParts(docx: DocxCompiler, styles: DocumentStyles): FixedParts {
  const parts = docx.compile(new Document({ ...styles, sections: [{ children: [] }] }));
  return { styles: textPart(parts, STYLES_PART), theme: textPart(parts, THEME_PART) };
}

/** Bumped whenever what a fixed-parts file holds changes meaning. */
export const FIXED_PARTS_VERSION = 1;

/**
 * What a fixed-parts file of the build has in place of the document's
 * language: a private-use tag no item has, found exactly once in the styles
 * part (the build checks it).
 */
export const LANGUAGE_STAND_IN = 'x-briefkit-lang';

/** Languages a file can be used for: tags written into the styles part as they are (no XML escapes). */
const PLAIN_LANGUAGE = /^[A-Za-z0-9-]{1,64}$/;

/** A fixed-parts file, as `npm run build` writes it. */
interface FixedPartsFile {
  version: number;
  /** The style options it was written from (with the stand-in language), in full. */
  key: string;
  styles: string;
  theme: string;
}

/** The document language of style options (the default run's). */
function languageOf(styles: DocumentStyles): string | undefined {
  return styles.styles.default?.document?.run?.language?.value;
}

/** The same style options with another document language. */
function withLanguage(styles: DocumentStyles, value: string): DocumentStyles {
  const defaults = styles.styles.default ?? {};
  const document = defaults.document ?? {};
  const run = document.run ?? {};
  return { ...styles, styles: { ...styles.styles, default: { ...defaults, document: { ...document, run: { ...run, language: { ...run.language, value } } } } } };
}

/** The name of the build's file (under dist/render/docx/fixed-parts/) for style options whose language is the stand-in. */
function fixedPartsName(standInKey: string): string {
  return `${createHash('sha256').update(standInKey).digest('hex')}.json`;
}

/** The fixed parts from the build's file for these style options, or undefined when it has none. */
export function madeFixedParts(styles: DocumentStyles): FixedParts | undefined {
  const language = languageOf(styles);
  if (language === undefined || !PLAIN_LANGUAGE.test(language)) return undefined;
  const key = JSON.stringify(withLanguage(styles, LANGUAGE_STAND_IN));
  const text = readDistFile(`render/docx/fixed-parts/${fixedPartsName(key)}`);
  if (text === undefined) return undefined;
  let made: Partial<FixedPartsFile>;
  try {
    made = JSON.parse(text) as Partial<FixedPartsFile>;
  } catch {
    return undefined;
  }
  if (made.version !== FIXED_PARTS_VERSION || made.key !== key || typeof made.styles !== 'string' || typeof made.theme !== 'string') return undefined;
  return { styles: made.styles.replace(LANGUAGE_STAND_IN, language), theme: made.theme };
}

/**
 * The file name (under dist/render/docx/fixed-parts/) and text of the fixed
 * parts for style options written with `LANGUAGE_STAND_IN` as their language,
 * for the build to write; undefined when they cannot be made into a file
 * (the stand-in is not in the styles part exactly once, or is in the theme).
 */
export function fixedPartsFile(styles: DocumentStyles): { name: string; text: string } | undefined {
  if (!compiler || languageOf(styles) !== LANGUAGE_STAND_IN) return undefined;
  const fixed = compileFixedParts(compiler, styles);
  if (fixed.styles.split(LANGUAGE_STAND_IN).length !== 2 || fixed.theme.includes(LANGUAGE_STAND_IN)) return undefined;
  const key = JSON.stringify(styles);
  const file: FixedPartsFile = { version: FIXED_PARTS_VERSION, key, styles: fixed.styles, theme: fixed.theme };
  return { name: fixedPartsName(key), text: JSON.stringify(file) };
}

/** The fixed parts for style options, written now (tests compare them with what `documentParts` uses). */
export function writtenFixedParts(styles: DocumentStyles): FixedParts | undefined {
  return compiler ? compileFixedParts(compiler, styles) : undefined;
}

/** Stand-in for the styles: nothing to build or write (its part is replaced). */
const STYLES_STAND_IN = new Styles({});

/**
 * Stand-in for the document theme: the library's default theme, whose colours
 * runs may refer to, but nothing to write (its part is replaced).
 */
class ThemeStandIn extends Theme {
  override prepForXml(_context: IContext): IXmlableObject {
    return { 'a:theme': {} };
  }
}
const THEME_STAND_IN = new ThemeStandIn();

/** Numbering parts by what they are written from (see `KnownNumbering`); texts of a few kB each. */
const numberingCache = new Map<string, string>();
const NUMBERING_CACHE_MAX = 256;

/**
 * The document's numbering, whose part is taken from the cache when a
 * numbering with the same definitions and the same list instances was
 * written before. Its definitions (ours, in order, after the library's
 * default bullets) and its instances (each list's id, definition, instance
 * and restart) are everything the part is written from; when a paragraph
 * brought a definition of its own, the part is written as usual.
 */
class KnownNumbering extends Numbering {
  /** Set by `prepForXml`: what the part is known under, when the numbering is one the cache can hold. */
  key: string | undefined;

  constructor(private readonly options: INumberingOptions) {
    super(options);
  }

  override prepForXml(context: IContext): IXmlableObject | undefined {
    const own = this.ReferenceConfig.length === this.options.config.length;
    this.key = own
      ? JSON.stringify([this.options.config, this.ConcreteNumbering.map((n) => [n.numId, n.reference, n.instance, n.restartedListId ?? null])])
      : undefined;
    // Known: nothing to build (the part is replaced by the known text).
    return this.key !== undefined && numberingCache.has(this.key) ? { 'w:numbering': {} } : super.prepForXml(context);
  }

  /** The part's text: the known one, or the text just written (then remembered). */
  partText(written: string): string {
    if (this.key === undefined) return written;
    const known = numberingCache.get(this.key);
    if (known !== undefined) return known;
    if (numberingCache.size >= NUMBERING_CACHE_MAX) numberingCache.delete(numberingCache.keys().next().value!);
    numberingCache.set(this.key, written);
    return written;
  }
}

/** A document compiled with the stand-ins in place of its styles and theme, and a numbering that knows its part. */
class StandInDocument extends Document {
  readonly knownNumbering: KnownNumbering;

  constructor(options: Omit<IPropertiesOptions, 'styles' | 'externalStyles'>) {
    // The library's own numbering goes unused; without definitions it is quickly made.
    super({ ...options, numbering: undefined });
    this.knownNumbering = new KnownNumbering(options.numbering ?? { config: [] });
  }

  override get Styles(): Styles {
    return STYLES_STAND_IN;
  }

  override get Theme(): Theme {
    return THEME_STAND_IN;
  }

  override get Numbering(): Numbering {
    return this.knownNumbering;
  }
}

/**
 * The parts of the package `Packer.pack(new Document({ ...options, ...styles }))`
 * would zip, by path: the same paths and the same content (text is what it
 * writes as UTF-8).
 */
export async function documentParts(options: Omit<IPropertiesOptions, 'styles' | 'externalStyles'>, styles: DocumentStyles): Promise<[string, string | Uint8Array][]> {
  if (!compiler) return Object.entries(unzipSync(await Packer.pack(new Document({ ...options, ...styles }), 'uint8array')));
  const fixed = fixedPartsFor(compiler, styles);
  const parts: [string, string | Uint8Array][] = [];
  const document = new StandInDocument(options);
  for (const [path, data] of compiler.compile(document)) {
    if (path === STYLES_PART) parts.push([path, fixed.styles]);
    else if (path === THEME_PART) parts.push([path, fixed.theme]);
    else if (path === NUMBERING_PART && typeof data === 'string') parts.push([path, document.knownNumbering.partText(data)]);
    else parts.push([path, typeof data === 'string' ? data : bytesOf(data)]);
  }
  return parts;
}
