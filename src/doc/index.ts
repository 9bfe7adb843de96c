export * from './types.js';
export { defaultTheme, PAGE_SIZES, type Theme } from './theme.js';
export { parseSource, DIRECTIVES, type ParseInput } from './parse.js';
export { plainText } from './text.js';
export { quotationMarks } from './quotes.js';
