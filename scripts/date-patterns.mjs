// Works out, at build time, how the common languages write a long date
// (`formatDate`, src/template/helpers/format-date.ts) and writes them to
// dist/template/date-patterns.json: the first Intl date formatter of a
// process starts ICU, ~25 ms of every cold start. A language is listed only
// when a pattern reproduces Intl exactly for every date checked; the rest, and
// any run on another ICU version, ask Intl as before. Run after tsc.
import { writeFileSync } from 'node:fs';

const { datePatternOf, DATE_PATTERNS_VERSION } = await import(new URL('../dist/template/helpers/format-date.js', import.meta.url));

// The languages of the template sets' labels, the schema's examples, and the
// most written languages with their common regional forms.
const TAGS = [
  'en', 'en-GB', 'en-US', 'en-AU', 'en-CA', 'en-IE', 'en-IN', 'en-NZ', 'en-ZA',
  'fr', 'fr-FR', 'fr-BE', 'fr-CA', 'fr-CH', 'de', 'de-DE', 'de-AT', 'de-CH',
  'es', 'es-ES', 'es-MX', 'es-419', 'es-AR', 'es-CO', 'es-US', 'pt', 'pt-BR', 'pt-PT',
  'it', 'nl', 'nl-BE', 'ru', 'uk', 'be', 'pl', 'cs', 'sk', 'sl', 'hr', 'sr', 'sr-Latn', 'bs', 'mk', 'bg',
  'ro', 'hu', 'el', 'tr', 'az', 'kk', 'ky', 'uz', 'tg', 'tk', 'mn', 'hy', 'ka',
  'sv', 'da', 'nb', 'no', 'nn', 'fi', 'et', 'lv', 'lt', 'is', 'ga', 'cy', 'mt', 'sq',
  'ar', 'he', 'fa', 'ur', 'ps', 'hi', 'bn', 'ta', 'te', 'mr', 'gu', 'kn', 'ml', 'pa',
  'zh', 'zh-CN', 'zh-TW', 'zh-HK', 'ja', 'ko', 'vi', 'th', 'id', 'ms', 'fil', 'sw', 'am', 'ha', 'yo', 'zu', 'af',
  'ca', 'eu', 'gl',
];
const patterns = {};
for (const tag of TAGS) {
  const pattern = datePatternOf(tag);
  if (pattern) patterns[tag] = pattern;
}
writeFileSync(new URL('../dist/template/date-patterns.json', import.meta.url), `${JSON.stringify({ version: DATE_PATTERNS_VERSION, icu: process.versions.icu, patterns })}\n`);
