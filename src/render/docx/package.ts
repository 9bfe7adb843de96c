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
 */
import { unzipSync } from 'fflate';
import { Document, Packer, Styles, Theme, type IContext, type IPropertiesOptions, type IStylesOptions, type IXmlableObject } from 'docx';

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

const STYLES_PART = 'word/styles.xml';
const THEME_PART = 'word/theme/theme1.xml';

/** The styles a briefing note is given: the styles in code and an external styles part. */
export interface DocumentStyles {
  styles: IStylesOptions;
  externalStyles: string;
}

/** The text of the parts that depend only on the style options. */
interface FixedParts {
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

/** The styles and theme parts for the style options, written from an otherwise empty document on first use. */
function fixedPartsFor(docx: DocxCompiler, styles: DocumentStyles): FixedParts {
  const key = JSON.stringify(styles);
  const known = fixedCache.get(key);
  if (known) return known;
  const parts = docx.compile(new Document({ ...styles, sections: [{ children: [] }] }));
  const fixed = { styles: textPart(parts, STYLES_PART), theme: textPart(parts, THEME_PART) };
  if (fixedCache.size >= FIXED_CACHE_MAX) fixedCache.delete(fixedCache.keys().next().value!);
  fixedCache.set(key, fixed);
  return fixed;
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

/** A document compiled with the stand-ins in place of its styles and theme. */
class StandInDocument extends Document {
  override get Styles(): Styles {
    return STYLES_STAND_IN;
  }

  override get Theme(): Theme {
    return THEME_STAND_IN;
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
  for (const [path, data] of compiler.compile(new StandInDocument(options))) {
    if (path === STYLES_PART) parts.push([path, fixed.styles]);
    else if (path === THEME_PART) parts.push([path, fixed.theme]);
    else parts.push([path, typeof data === 'string' ? data : bytesOf(data)]);
  }
  return parts;
}
