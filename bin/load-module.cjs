// Loads an ES module of briefkit's own, like import(), but synchronously
// where Node can require() an ES module (20.19 and later: the same module
// instance import() gives). Node's ES module loader reads each file through
// the thread pool, a trip through the event loop per step, so a cold start
// that imported its chunks one after another sat idle between them
// (docs/performance.md, tenth session). Node 22.0–22.12 and 23.0–23.4 can
// require() one too, but print an ExperimentalWarning for it: there, and for
// a module require() refuses (top-level await, or one an import() is still
// loading), import().
//
// CommonJS, so that bin/briefkit.js and every bundle chunk (scripts/bundle.mjs
// copies this file into dist/bundle/) can require() it on any Node.
'use strict';
const { fileURLToPath } = require('node:url');

const canRequire = process.features.require_module === true && !/^v(22\.([0-9]|1[0-2])|23\.[0-4])\./.test(process.version);
const REFUSED = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE', 'ERR_REQUIRE_CYCLE_MODULE']);

/** The module at `url` (a file URL): its namespace, as import() gives it. */
function loadModule(url) {
  if (canRequire) {
    try {
      return Promise.resolve(require(fileURLToPath(url)));
    } catch (thrown) {
      if (!REFUSED.has(thrown?.code)) return Promise.reject(thrown);
    }
  }
  return import(url.href);
}

/**
 * The module at `url` loaded synchronously (its namespace), or undefined
 * where Node cannot require() it (the caller then has another way).
 */
function loadModuleSync(url) {
  if (!canRequire) return undefined;
  try {
    return require(fileURLToPath(url));
  } catch (thrown) {
    if (REFUSED.has(thrown?.code)) return undefined;
    throw thrown;
  }
}

module.exports = { loadModule, loadModuleSync };
