// Works out, at build time, the fast-path shaping plans of the bundled fonts
// (src/render/pdf/fast-shaping.ts), and what the PDF renderer's LightFont
// takes from fontkit (src/render/pdf/light-font.ts: metrics, the character
// map fontkit picks, checked against fontkit's glyph for every mapped code
// point), and writes one file per font to
// dist/render/pdf/shaping-tables/<fontTablesKey of the font>.json (a sha256
// of its length and table directory). Reading a
// font's whole GSUB and GPOS costs ~150 ms a face, which every cold start
// would otherwise pay. The renderer works the plans out itself for fonts
// without a file, so a missing file only costs speed. Run after tsc (it
// imports dist/).
import { writeFileSync } from 'node:fs';
import { dist, freshDistDir } from './build-step.mjs';

const { loadBundledFonts } = await import(dist('env/fonts.js'));
const { fontPlans } = await import(dist('render/pdf/shaping.js'));
const { fontTablesKey, SHAPING_TABLES_VERSION } = await import(dist('render/pdf/font-tables.js'));
const { fontkitFont } = await import(dist('render/pdf/fonts.js'));
const { lightFontData } = await import(dist('render/pdf/light-font.js'));
const { packPlan } = await import(dist('render/pdf/fast-shaping.js'));

const dir = freshDistDir('render/pdf/shaping-tables');
const fonts = loadBundledFonts();
for (const file of [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks]) {
  const hash = fontTablesKey(file.bytes);
  // The scripts of a face usually share one plan: store each distinct plan once.
  const plans = [];
  const seen = new Map();
  const scripts = {};
  for (const [script, worked] of Object.entries(fontPlans(file))) {
    const plan = worked && packPlan(worked);
    const key = JSON.stringify(plan);
    if (!seen.has(key)) {
      seen.set(key, plans.length);
      plans.push(plan);
    }
    scripts[script] = seen.get(key);
  }
  // A face the LightFont cannot read keeps fontkit (only slower to start): say why.
  const light = lightFontData(file.bytes, fontkitFont(file));
  const fontkit = typeof light === 'string' ? { fontkit: light } : { light };
  if (typeof light === 'string') process.stderr.write(`briefkit: ${file.key} is parsed by fontkit at run time: ${light}\n`);
  writeFileSync(`${dir}/${hash}.json`, JSON.stringify({ version: SHAPING_TABLES_VERSION, font: file.key, plans, scripts, ...fontkit }));
}
