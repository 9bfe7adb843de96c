export { build, type BuildOptions, type BuildReport, type ItemEvent } from './build.js';
export { validate, type ValidateReport } from './validate.js';
export { createProject, prepareItem, documentFor, templateSet, type Project, type PreparedItem } from './pipeline.js';
export { defaultRenderOptions, outputPath, renderFormat, type RenderOptions } from './renderers.js';
export { parseShard, shardOf, type Shard } from './shard.js';
export { readManifest, serializeManifest, sortItems, type Manifest, type ManifestItem, type ManifestOutput } from './manifest.js';
export { VERSION } from './version.js';
export { AtomicWriter } from './write.js';
export { imageInfo } from './assets.js';
