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
  return formatterFor(lang).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}
