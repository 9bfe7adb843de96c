/** Quotation marks by base language; quote text in the Doc arrives without any. */
const QUOTATION_MARKS: Record<string, readonly [string, string]> = {
  en: ['\u201C', '\u201D'],
  de: ['\u201E', '\u201C'],
  cs: ['\u201E', '\u201C'],
  pl: ['\u201E', '\u201D'],
  // French sets its guillemets off with a narrow no-break space.
  fr: ['\u00AB\u202F', '\u202F\u00BB'],
  ru: ['\u00AB', '\u00BB'],
  uk: ['\u00AB', '\u00BB'],
  es: ['\u00AB', '\u00BB'],
  it: ['\u00AB', '\u00BB'],
  pt: ['\u00AB', '\u00BB'],
};

/** The opening and closing quotation marks for a BCP 47 tag; English ones for a language without an entry. */
export function quotationMarks(lang: string): readonly [string, string] {
  return QUOTATION_MARKS[lang.toLowerCase().split('-')[0] ?? ''] ?? QUOTATION_MARKS.en!;
}
