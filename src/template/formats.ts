/**
 * The output formats and which template each is merged from. Kept apart from
 * `set.ts` so the CLI can check `--format` without loading Handlebars or ajv.
 */

/** The output formats of a build. */
export type OutputFormat = 'pdf' | 'docx' | 'outline' | 'pptx';

/** Every output format, in manifest order. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['pdf', 'docx', 'outline', 'pptx'];

/** The templates a set may hold, one per kind of document. */
export type TemplateName = 'factsheet' | 'briefing' | 'outline';

/** Which template each output format is merged from. */
export const TEMPLATE_OF_FORMAT: Record<OutputFormat, TemplateName> = {
  pdf: 'factsheet',
  docx: 'briefing',
  outline: 'outline',
  pptx: 'outline',
};
