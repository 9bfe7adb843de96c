import { builtTable } from '../../env/built-files.js';
import type { HelperOptions } from 'handlebars';
import { PlainText, textOf } from '../values.js';
import { langOf } from './lang.js';

/**
 * Formats a `YYYY-MM-DD` date for the item's language, as a calendar date in
 * UTC (never shifted by the machine's time zone).
 * Example: `{{formatDate date}}` → `17 April 2024` (en-GB), `20 июня 2024 г.` (ru).
 */
export function formatDate(value: unknown, options: HelperOptions): PlainText {
  return new PlainText(formatIsoDate(textOf(value), langOf(options)));
}

const STYLE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };

/** One formatter per language tag and process: creating one costs far more than formatting. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(lang: string): Intl.DateTimeFormat {
  let formatter = formatters.get(lang);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(lang, STYLE);
    } catch {
      formatter = new Intl.DateTimeFormat('en', STYLE);
    }
    if (formatters.size >= 256) formatters.clear();
    formatters.set(lang, formatter);
  }
  return formatter;
}

/** Formats an ISO date for a language tag, falling back to English for unknown tags. */
export function formatIsoDate(iso: string, lang: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  // The table holds only what Intl says for real dates of its years; the rest asks Intl.
  const pattern = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? datePatterns()?.get(lang) : undefined;
  if (pattern && year >= TABLE_YEARS[0] && year <= TABLE_YEARS[1]) return applyPattern(pattern, year, month, day);
  return formatterFor(lang).format(date);
}

/**
 * How one language writes a long date, read from Intl at build time: the
 * pieces in order (`d`, `m`, `y` or literal text) and the twelve month names.
 * Only for languages whose dates use the Gregorian calendar and ASCII digits,
 * and whose every date of the checked years Intl writes exactly this way.
 */
export interface DatePattern {
  parts: (['d'] | ['m'] | ['y'] | ['t', string])[];
  months: string[];
}

/** The years the build-time check covers; dates outside them go to Intl. */
export const TABLE_YEARS: readonly [number, number] = [1900, 2100];

export function applyPattern(pattern: DatePattern, year: number, month: number, day: number): string {
  let out = '';
  for (const part of pattern.parts) out += part[0] === 'd' ? String(day) : part[0] === 'm' ? pattern.months[month - 1]! : part[0] === 'y' ? String(year) : part[1];
  return out;
}

/**
 * Works out a language's pattern from Intl, or `undefined` when Intl writes
 * its dates in a way a pattern cannot reproduce (another calendar, other
 * digits, pieces that change from month to month, or any date of the checked
 * years that comes out differently).
 */
export function datePatternOf(lang: string): DatePattern | undefined {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat(lang, STYLE);
  } catch {
    return undefined;
  }
  const resolved = formatter.resolvedOptions();
  if (resolved.calendar !== 'gregory' || resolved.numberingSystem !== 'latn') return undefined;
  let parts: DatePattern['parts'] | undefined;
  const months: string[] = [];
  for (let month = 1; month <= 12; month++) {
    // Day 22 and year 2033 cannot be mistaken for each other or for a month
    // number. The month's name comes from formatToParts, the literal text from
    // format itself (the two can differ: formatToParts gives Russian's " г."
    // with a narrow no-break space, format with a space).
    const date = new Date(Date.UTC(2033, month - 1, 22));
    const name = formatter.formatToParts(date).find((piece) => piece.type === 'month')?.value;
    if (name === undefined || /\d/.test(name)) return undefined;
    months.push(name);
    const text = formatter.format(date);
    const shape: DatePattern['parts'] = [];
    let rest = text;
    while (rest !== '') {
      const found = [
        { at: rest.indexOf('22'), part: ['d'] as ['d'], length: 2 },
        { at: rest.indexOf('2033'), part: ['y'] as ['y'], length: 4 },
        { at: rest.indexOf(name), part: ['m'] as ['m'], length: name.length },
      ]
        .filter((f) => f.at >= 0)
        .sort((a, b) => a.at - b.at || b.length - a.length)[0];
      if (!found) {
        shape.push(['t', rest]);
        break;
      }
      if (found.at > 0) shape.push(['t', rest.slice(0, found.at)]);
      shape.push(found.part);
      rest = rest.slice(found.at + found.length);
    }
    if (shape.filter((part) => part[0] !== 't').map((part) => part[0]).sort().join('') !== 'dmy') return undefined;
    if (parts === undefined) parts = shape;
    else if (JSON.stringify(parts) !== JSON.stringify(shape)) return undefined;
  }
  if (!parts || months.length !== 12) return undefined;
  const pattern: DatePattern = { parts, months };
  for (const [year, month, day] of checkedDates()) {
    if (applyPattern(pattern, year, month, day) !== formatter.format(new Date(Date.UTC(year, month - 1, day)))) return undefined;
  }
  return pattern;
}

/** Every day of 2020–2027, the first and last day of each month of the table's years. */
function* checkedDates(): Generator<[number, number, number]> {
  for (let t = Date.UTC(2020, 0, 1); t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
    const d = new Date(t);
    yield [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }
  for (let year = TABLE_YEARS[0]; year <= TABLE_YEARS[1]; year++) {
    for (let month = 1; month <= 12; month++) {
      yield [year, month, 1];
      yield [year, month, new Date(Date.UTC(year, month, 0)).getUTCDate()];
    }
  }
}

/** The file `npm run build` writes (scripts/date-patterns.mjs) and its version. */
export const DATE_PATTERNS_VERSION = 1;

export interface DatePatternsFile {
  version: number;
  /** The ICU version the patterns were read from; another ICU may write dates differently. */
  icu: string;
  patterns: Record<string, DatePattern>;
}

/**
 * The build-time patterns (dist/template/date-patterns.json), so a cold start
 * need not start ICU's date formatting (~25 ms) for the languages they
 * cover; `null` when there are none for this Node's ICU.
 */
const datePatterns = builtTable<DatePatternsFile, DatePattern>('date-patterns.json', (file) =>
  file.version === DATE_PATTERNS_VERSION && file.icu === process.versions.icu ? file.patterns : undefined,
);
