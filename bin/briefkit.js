#!/usr/bin/env node
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';

// The esbuild bundle (scripts/bundle.mjs) starts faster; it is used only when
// it was made from the current compile, so a plain `tsc` never runs stale code.
function bundled() {
  try {
    const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
    const compiled = new URL('../dist/cli/main.js', import.meta.url);
    return statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs;
  } catch {
    // No bundle (or no compile): use dist/ as tsc wrote it.
    return false;
  }
}

const dir = bundled() ? '../dist/bundle/' : '../dist/cli/';
// require() loads an ES module synchronously where Node can (20.19 and
// later): a cold start then waits for no file read on the thread pool.
// Node 22.0–22.12 and 23.0–23.4 can too, but print an ExperimentalWarning
// for it: there, import(), as in the bundle's chunks (scripts/bundle.mjs).
const require = createRequire(import.meta.url);
const load = (specifier) => {
  if (process.features.require_module && !/^v(22\.([0-9]|1[0-2])|23\.[0-4])\./.test(process.version)) {
    try {
      return Promise.resolve(require(specifier));
    } catch (thrown) {
      if (!['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE', 'ERR_REQUIRE_CYCLE_MODULE'].includes(thrown?.code)) return Promise.reject(thrown);
    }
  }
  return import(specifier);
};
const argv = process.argv.slice(2);
// A build that will want a render worker starts it before the CLI loads
// (src/cli/early.ts). Only a head start: if that fails, the CLI starts it.
try {
  const { startEarly } = await load(`${dir}early.js`);
  startEarly(argv);
} catch {
  // The build starts its worker itself.
}
const { main } = await load(dir === '../dist/bundle/' ? `${dir}cli.js` : `${dir}main.js`);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`briefkit: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
