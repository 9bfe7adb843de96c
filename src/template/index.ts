export { loadTemplateSet, OUTPUT_FORMATS, TEMPLATE_OF_FORMAT } from './set.js';
export type { OutputFormat, TemplateName, TemplateSet, TemplateSearchPath, CompiledTemplate } from './set.js';
export { mergeItem, type MergedSource } from './merge.js';
export { escapeMarkdownText, encodeAttribute } from './escape.js';
export { formatIsoDate } from './helpers/index.js';
export { readTheme, MIN_MARGIN } from './theme.js';
