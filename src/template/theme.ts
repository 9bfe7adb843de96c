import { parseYamlText } from '../content/yaml.js';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { defaultTheme, type Theme } from '../doc/theme.js';

/** The narrowest margin allowed: office printers cannot print within 18 pt of the edge. */
export const MIN_MARGIN = 18;

const HEX = /^#[0-9A-Fa-f]{6}$/;

/** The font styles a theme's `fonts.files` names; `boldItalic` may be left out (bold is used). */
export const FONT_FILE_STYLES = ['regular', 'bold', 'italic', 'boldItalic'] as const;

/**
 * Where a theme's font files are (`fonts.files` in theme.yaml), not yet read:
 * either an npm package (looked up in the project's node_modules, then in
 * briefkit's) or a folder relative to the template set, inside the project.
 */
export interface FontFilesSpec {
  /** An npm package name, e.g. `dejavu-fonts-ttf`. */
  package?: string;
  /** A folder relative to the template set's folder, e.g. `fonts`. */
  folder?: string;
  /** The file of each style, relative to the package or the folder. */
  files: { regular: string; bold: string; italic: string; boldItalic?: string };
}

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Whether a relative path stays where it starts (no absolute path, no `..`). */
function isPlainRelative(path: string): boolean {
  return !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.split(/[\\/]/).includes('..');
}

/**
 * Reads `theme.yaml` over a base theme (the default theme, or the theme of
 * the set it extends), checking every key it sets. Unknown keys and bad
 * values are errors naming the key. `fontFiles` is the `fonts.files` spec,
 * for the set loader to resolve and read.
 */
export function readTheme(file: string, text: string, base: Theme = defaultTheme): { theme: Theme; diagnostics: Diagnostic[]; fontFiles?: FontFilesSpec } {
  const diagnostics: Diagnostic[] = [];
  const theme: Theme = structuredClone(base);
  if (text.trim() === '') return { theme, diagnostics };
  let raw: unknown;
  try {
    raw = parseYamlText(text);
  } catch (thrown) {
    return { theme, diagnostics: [error(file, `cannot read the theme: ${messageOf(thrown)}`, { code: 'theme' })] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { theme, diagnostics: [error(file, 'expected a mapping (page, colors, fonts, bodySize)', { code: 'theme' })] };
  }
  const fail = (path: string, message: string) => diagnostics.push(error(file, message, { path, code: 'theme' }));
  const section = (value: unknown, path: string): Record<string, unknown> | undefined => {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      fail(path, 'expected a mapping');
      return undefined;
    }
    return value as Record<string, unknown>;
  };
  const known = (obj: Record<string, unknown>, keys: string[], path: string) => {
    for (const key of Object.keys(obj)) if (!keys.includes(key)) fail(path ? `${path}.${key}` : key, `unknown theme key \`${key}\` (known: ${keys.join(', ')})`);
  };
  const top = raw as Record<string, unknown>;
  known(top, ['page', 'colors', 'fonts', 'marking', 'bodySize', 'logo'], '');
  let fontFiles: FontFilesSpec | undefined;

  const page = section(top.page, 'page');
  if (page) {
    known(page, ['size', 'margins'], 'page');
    if (page.size !== undefined) {
      if (page.size === 'A4' || page.size === 'Letter') theme.page.size = page.size;
      else fail('page.size', `expected A4 or Letter, got \`${String(page.size)}\``);
    }
    const margins = section(page.margins, 'page.margins');
    if (margins) {
      known(margins, ['top', 'right', 'bottom', 'left'], 'page.margins');
      for (const side of ['top', 'right', 'bottom', 'left'] as const) {
        const value = margins[side];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isFinite(value)) fail(`page.margins.${side}`, 'expected a number of points');
        else if (value < MIN_MARGIN) fail(`page.margins.${side}`, `a margin under ${MIN_MARGIN} pt (got ${value}) would be cut off by office printers, which cannot print that close to the edge`);
        else theme.page.margins[side] = value;
      }
    }
  }
  const colors = section(top.colors, 'colors');
  if (colors) {
    const keys = Object.keys(defaultTheme.colors) as (keyof Theme['colors'])[];
    known(colors, keys, 'colors');
    for (const key of keys) {
      const value = colors[key];
      if (value === undefined) continue;
      if (typeof value === 'string' && HEX.test(value)) theme.colors[key] = value.toUpperCase();
      else fail(`colors.${key}`, `expected a colour written #RRGGBB, got \`${String(value)}\``);
    }
  }
  const fonts = section(top.fonts, 'fonts');
  if (fonts) {
    const keys = ['body', 'heading', 'mono'] as const;
    known(fonts, [...keys, 'files'], 'fonts');
    for (const key of keys) {
      const value = fonts[key];
      if (value === undefined) continue;
      if (typeof value === 'string' && value.trim() !== '') theme.fonts[key] = value.trim();
      else fail(`fonts.${key}`, 'expected a font family name');
    }
    const files = section(fonts.files, 'fonts.files');
    if (files) {
      known(files, ['package', 'folder', ...FONT_FILE_STYLES], 'fonts.files');
      const { package: pkg, folder } = files;
      if ((pkg === undefined) === (folder === undefined)) fail('fonts.files', 'give either `package` (an npm package holding the fonts) or `folder` (a folder of the template set), not both or neither');
      else if (pkg !== undefined && (typeof pkg !== 'string' || !PACKAGE_NAME.test(pkg))) fail('fonts.files.package', `expected an npm package name such as \`dejavu-fonts-ttf\`, got \`${String(pkg)}\``);
      else if (folder !== undefined && (typeof folder !== 'string' || folder.trim() === '' || folder.startsWith('/') || /^[A-Za-z]:/.test(folder))) fail('fonts.files.folder', `expected a folder relative to the template set, e.g. \`fonts\` (got \`${String(folder)}\`)`);
      const named: Partial<Record<(typeof FONT_FILE_STYLES)[number], string>> = {};
      for (const style of FONT_FILE_STYLES) {
        const value = files[style];
        if (value === undefined) {
          if (style !== 'boldItalic') fail(`fonts.files.${style}`, `missing the ${style} face: the PDF needs regular, bold and italic files (boldItalic is optional)`);
          continue;
        }
        if (typeof value !== 'string' || !isPlainRelative(value)) fail(`fonts.files.${style}`, `expected a file path relative to the package or folder, without \`..\` (got \`${String(value)}\`)`);
        else if (!/\.(ttf|otf)$/i.test(value)) fail(`fonts.files.${style}`, `expected a TrueType or OpenType file (.ttf or .otf), got \`${value}\``);
        else named[style] = value;
      }
      if (named.regular && named.bold && named.italic && diagnostics.length === 0) {
        fontFiles = {
          ...(typeof pkg === 'string' ? { package: pkg } : { folder: String(folder) }),
          files: { regular: named.regular, bold: named.bold, italic: named.italic, ...(named.boldItalic ? { boldItalic: named.boldItalic } : {}) },
        };
      }
    }
  }
  const marking = section(top.marking, 'marking');
  if (marking) {
    known(marking, ['position', 'uppercase', 'color'], 'marking');
    if (marking.position !== undefined) {
      if (marking.position === 'top' || marking.position === 'top-and-bottom') theme.marking.position = marking.position;
      else fail('marking.position', `expected \`top\` or \`top-and-bottom\`, got \`${String(marking.position)}\``);
    }
    if (marking.uppercase !== undefined) {
      if (typeof marking.uppercase === 'boolean') theme.marking.uppercase = marking.uppercase;
      else fail('marking.uppercase', 'expected true or false');
    }
    if (marking.color !== undefined) {
      if (typeof marking.color === 'string' && HEX.test(marking.color)) theme.marking.color = marking.color.toUpperCase();
      else fail('marking.color', `expected a colour written #RRGGBB, got \`${String(marking.color)}\``);
    }
  }
  if (top.bodySize !== undefined) {
    if (typeof top.bodySize !== 'number' || top.bodySize < 10 || top.bodySize > 16) fail('bodySize', 'expected a body text size from 10 to 16 pt: fact sheets are read on paper');
    else theme.bodySize = top.bodySize;
  }
  const logo = section(top.logo, 'logo');
  if (logo) {
    known(logo, ['src', 'height', 'alt'], 'logo');
    const src = logo.src;
    // A relative path that stays inside the template set's folder; the build reads it.
    if (typeof src !== 'string' || src.trim() === '') fail('logo.src', 'expected the path of a PNG or JPEG file in the template set, e.g. `logo.png`');
    else if (src.startsWith('/') || /^[A-Za-z]:/.test(src) || src.split(/[\\/]/).includes('..')) fail('logo.src', `the logo must be a file inside the template set (got \`${src}\`)`);
    else if (!/\.(png|jpe?g)$/i.test(src)) fail('logo.src', `the logo must be a PNG or JPEG file (got \`${src}\`)`);
    else {
      theme.logo = { src };
      if (logo.height !== undefined) {
        if (typeof logo.height !== 'number' || logo.height < 12 || logo.height > 72) fail('logo.height', 'expected a height from 12 to 72 points');
        else theme.logo.height = logo.height;
      }
      if (logo.alt !== undefined) {
        if (typeof logo.alt !== 'string' || logo.alt.trim() === '') fail('logo.alt', 'expected the alternate text of the logo (what it says)');
        else theme.logo.alt = logo.alt.trim();
      }
    }
  }
  return fontFiles ? { theme, diagnostics, fontFiles } : { theme, diagnostics };
}
