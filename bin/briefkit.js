#!/usr/bin/env node
import { statSync } from 'node:fs';

// The esbuild bundle (scripts/bundle.mjs) starts faster; it is used only when
// it was made from the current compile, so a plain `tsc` never runs stale code.
function entry() {
  try {
    const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
    const compiled = new URL('../dist/cli/main.js', import.meta.url);
    if (statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs) return '../dist/bundle/cli.js';
  } catch {
    // No bundle (or no compile): use dist/ as tsc wrote it.
  }
  return '../dist/cli/main.js';
}

const { main } = await import(entry());
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`briefkit: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
