/**
 * briefkit's public API: build and validate content items, or render a single
 * document tree, from code.
 */
export { build, validate, createProject, prepareItem, documentFor, renderFormat, VERSION } from './build/index.js';
export type { BuildOptions, BuildReport, ValidateReport, Project, Manifest, ManifestItem, ManifestOutput, RenderOptions } from './build/index.js';
export { createNodeEnv, createMemoryEnv } from './env/index.js';
export type { Env } from './env/index.js';
export type { Doc, Block, Inline, Theme } from './doc/index.js';
export type { Diagnostic } from './diagnostics/index.js';
export { formatDiagnostic } from './diagnostics/index.js';
export type { Renderer, RenderInput, RenderResult, Asset } from './render/types.js';
export { templateSearchPath } from './cli/main.js';
