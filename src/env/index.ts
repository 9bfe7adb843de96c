export type { DirEntry, Env, FontFile, FontSet, FontStyle } from './types.js';
export { createNodeEnv } from './node.js';
export { createMemoryEnv } from './memory.js';
export { readSmallFile } from './read.js';
export { loadBundledFonts, bundledFontVersions, resolvePackageFile, themeFontFile, fontFileProblem } from './fonts.js';
