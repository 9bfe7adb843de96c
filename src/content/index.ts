export { loadContent, CONTENT_EXTENSIONS, MAX_NESTING, type LoadedContent, type LoadResult } from './load.js';
export { validateContent, templateOf, pointerToPath, type Item, type CompiledSchema, type SchemaNode, type ValidateResult } from './validate.js';
export { slugify, SLUG_PATTERN } from './ids.js';
export { childPath, locate, type FieldPositions, type SourcePoint } from './positions.js';
export { isAllowedUrl } from './markdown-fields.js';
export { normalizeText, normalizeStrings, PLACEHOLDER, type NormalizedText } from './normalize.js';
export { jsonSyntaxError } from './json-syntax.js';
export { offsetPoint } from './load.js';
