#!/usr/bin/env node
// CommonJS (bin/package.json says so): Node starts a CommonJS entry point
// ~10 ms sooner than an ES module one, and the CLI's modules are loaded with
// require() where Node can anyway (load-module.cjs).
'use strict';
const { statSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { loadModule } = require('./load-module.cjs');

// The esbuild bundle (scripts/bundle.mjs) starts faster; it is used only when
// it was made from the current compile, so a plain `tsc` never runs stale code.
function bundled() {
  try {
    return statSync(`${__dirname}/../dist/bundle/cli.js`).mtimeMs >= statSync(`${__dirname}/../dist/cli/main.js`).mtimeMs;
  } catch {
    // No bundle (or no compile): use dist/ as tsc wrote it.
    return false;
  }
}

const dir = bundled() ? '../dist/bundle/' : '../dist/cli/';
// Synchronously where Node can (load-module.cjs), as the bundle's chunks load each other.
const load = (specifier) => loadModule(new URL(specifier, pathToFileURL(`${__dirname}/`)));
const argv = process.argv.slice(2);

/**
 * Exits with `code` once stdout and stderr have taken everything written to
 * them. The command has finished (its files written, its workers ended);
 * left to end by itself, Node would first wait for work V8's collector
 * started meanwhile (10–20 ms of a one-item build on a small machine).
 */
function exitWhenFlushed(code) {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writable && !stream.destroyed) stream.write('', done);
    else done();
  }
}

const internalError = (err) => {
  process.stderr.write(`briefkit: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  exitWhenFlushed(70);
};

async function start() {
  // A build that will want a render worker starts it before the CLI loads
  // (src/cli/early.ts). Only a head start: if that fails, the CLI starts it.
  try {
    const { startEarly } = await load(`${dir}early.js`);
    startEarly(argv);
  } catch {
    // The build starts its worker itself.
  }
  const { main } = await load(dir === '../dist/bundle/' ? `${dir}cli.js` : `${dir}main.js`);
  return main(argv);
}

start().then(exitWhenFlushed, internalError);
