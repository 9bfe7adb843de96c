import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds `dist/` once as `npm run build` does (tsc, the fonts' shaping
 * tables, the briefing's styles parts, the precompiled template sets, the
 * date patterns, then the esbuild bundle that bin/briefkit.js runs), so tests that
 * spawn the real CLI run the current code in the shape users get.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run([fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json']);
  run([fileURLToPath(new URL('../scripts/shaping-tables.mjs', import.meta.url))]);
  run([fileURLToPath(new URL('../scripts/docx-fixed-parts.mjs', import.meta.url))]);
  run([fileURLToPath(new URL('../scripts/precompile-templates.mjs', import.meta.url))]);
  run([fileURLToPath(new URL('../scripts/date-patterns.mjs', import.meta.url))]);
  run([fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url))]);
}
