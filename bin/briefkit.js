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
// Synchronously where Node can (load-module.cjs), as the bundle's chunks load each other.
const { loadModule } = createRequire(import.meta.url)('./load-module.cjs');
const load = (specifier) => loadModule(new URL(specifier, import.meta.url));
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
