// Works out, at build time, the fast-path shaping plans of the bundled fonts
// (src/render/pdf/fast-shaping.ts) and writes one file per font to
// dist/render/pdf/shaping-tables/<fontTablesKey of the font>.json (a sha256
// of its length and table directory). Reading a
// font's whole GSUB and GPOS costs ~150 ms a face, which every cold start
// would otherwise pay. The renderer works the plans out itself for fonts
// without a file, so a missing file only costs speed. Run after tsc (it
// imports dist/).
import { writeFileSync } from 'node:fs';
import { dist, freshDistDir } from './build-step.mjs';

const { loadBundledFonts } = await import(dist('env/fonts.js'));
const { fontPlans, fontTablesKey, SHAPING_TABLES_VERSION } = await import(dist('render/pdf/shaping.js'));

const dir = freshDistDir('render/pdf/shaping-tables');
const fonts = loadBundledFonts();
for (const file of [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks]) {
  const hash = fontTablesKey(file.bytes);
  // The scripts of a face usually share one plan: store each distinct plan once.
  const plans = [];
  const seen = new Map();
  const scripts = {};
  for (const [script, plan] of Object.entries(fontPlans(file))) {
    const key = JSON.stringify(plan);
    if (!seen.has(key)) {
      seen.set(key, plans.length);
      plans.push(plan);
    }
    scripts[script] = seen.get(key);
  }
  writeFileSync(`${dir}/${hash}.json`, JSON.stringify({ version: SHAPING_TABLES_VERSION, font: file.key, plans, scripts }));
}
