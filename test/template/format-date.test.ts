import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPattern, DATE_PATTERNS_VERSION, datePatternOf, formatIsoDate, TABLE_YEARS, type DatePatternsFile } from '../../src/template/helpers/format-date.js';
import { REPO } from '../helpers/project.js';
import { seedFor } from '../helpers/seed.js';

const STYLE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
const intl = (lang: string, year: number, month: number, day: number) => new Intl.DateTimeFormat(lang, STYLE).format(new Date(Date.UTC(year, month - 1, day)));

describe('formatDate patterns worked out at build time', () => {
  const built = JSON.parse(readFileSync(join(REPO, 'dist/template/date-patterns.json'), 'utf8')) as DatePatternsFile;
  const tags = Object.keys(built.patterns);

  it('npm run build wrote patterns for this ICU, the same as working them out now', () => {
    expect(built.version).toBe(DATE_PATTERNS_VERSION);
    expect(built.icu).toBe(process.versions.icu);
    expect(tags).toEqual(expect.arrayContaining(['en', 'en-GB', 'fr', 'de', 'es', 'ru']));
    for (const tag of tags) expect(built.patterns[tag]).toEqual(datePatternOf(tag));
  });

  it('write every date of the table years exactly as Intl does (property, 400 runs)', () => {
    const seed = seedFor('date patterns');
    fc.assert(
      fc.property(fc.constantFrom(...tags), fc.integer({ min: Date.UTC(TABLE_YEARS[0], 0, 1), max: Date.UTC(TABLE_YEARS[1], 11, 31) }), (tag, t) => {
        const d = new Date(t);
        const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        expect(applyPattern(built.patterns[tag]!, year, month, day)).toBe(intl(tag, year, month, day));
      }),
      { numRuns: 400, seed },
    );
  });

  it('leave out what a pattern cannot write: other calendars, other digits, numeric months', () => {
    for (const tag of ['fa', 'th', 'bn', 'ja', 'zh', 'ko']) expect(datePatternOf(tag)).toBeUndefined();
    expect(datePatternOf('not a tag!')).toBeUndefined();
  });

  it('keep Intl for dates outside the table years, unknown tags and impossible dates', () => {
    expect(formatIsoDate('1850-03-04', 'fr')).toBe(intl('fr', 1850, 3, 4));
    expect(formatIsoDate('2024-02-02', 'fa')).toBe(intl('fa', 2024, 2, 2));
    expect(formatIsoDate('2024-02-02', 'zz-unknown')).toBe(intl('zz-unknown', 2024, 2, 2));
    expect(formatIsoDate('2024-02-02', 'en-GB')).toBe('2 February 2024');
    expect(formatIsoDate('2024-06-20', 'ru')).toBe('20 июня 2024 г.');
    expect(formatIsoDate('not a date', 'en')).toBe('not a date');
  });
});
