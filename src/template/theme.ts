import { parse as parseYaml } from 'yaml';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { defaultTheme, type Theme } from '../doc/theme.js';

/** The narrowest margin allowed: office printers cannot print within 18 pt of the edge. */
export const MIN_MARGIN = 18;

const HEX = /^#[0-9A-Fa-f]{6}$/;

/**
 * Reads `theme.yaml` over the default theme, checking every key it sets.
 * Unknown keys and bad values are errors naming the key.
 */
export function readTheme(file: string, text: string): { theme: Theme; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const theme: Theme = structuredClone(defaultTheme);
  if (text.trim() === '') return { theme, diagnostics };
  let raw: unknown;
  try {
    raw = parseYaml(text);
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
  known(top, ['page', 'colors', 'fonts', 'bodySize', 'logo'], '');

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
    const keys = Object.keys(defaultTheme.fonts) as (keyof Theme['fonts'])[];
    known(fonts, keys, 'fonts');
    for (const key of keys) {
      const value = fonts[key];
      if (value === undefined) continue;
      if (typeof value === 'string' && value.trim() !== '') theme.fonts[key] = value.trim();
      else fail(`fonts.${key}`, 'expected a font family name');
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
  return { theme, diagnostics };
}
