// Writes, at build time, the styles and theme parts of the briefing note for
// the themes of the template sets that ship with briefkit (templates/<set>/)
// into dist/render/docx/fixed-parts/, one file per set of style options, with
// a stand-in for the document language (src/render/docx/package.ts). A cold
// process would otherwise write them from an empty document before its first
// briefing note (~20 ms of a one-item build). The renderer writes them itself
// for style options without a file, so a missing file only costs speed. Run
// after tsc (it imports dist/).
import { writeFileSync } from 'node:fs';
import { dist, freshDistDir, root, shippedSearch, shippedSets } from './build-step.mjs';

const { createNodeEnv } = await import(dist('env/node.js'));
const { loadTemplateSet } = await import(dist('template/set.js'));
const { briefingStyles } = await import(dist('render/docx/styles.js'));
const { fixedPartsFile, LANGUAGE_STAND_IN } = await import(dist('render/docx/package.js'));

const dir = freshDistDir('render/docx/fixed-parts');
const env = createNodeEnv(root);
for (const name of shippedSets()) {
  const loaded = await loadTemplateSet(env, shippedSearch, name, { precompiled: false });
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) process.stderr.write(`briefkit: template set ${name}: no briefing parts written: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
    process.exitCode = 1;
    continue;
  }
  const file = fixedPartsFile(briefingStyles(loaded.set.theme, LANGUAGE_STAND_IN));
  // Not an error: the renderer writes these parts itself when there is no
  // file (a docx release without the compiler this relies on, say), only slower.
  if (!file) {
    process.stderr.write(`briefkit: template set ${name}: its briefing styles are not written ahead (see src/render/docx/package.ts); cold builds make them at run time\n`);
    continue;
  }
  writeFileSync(`${dir}/${file.name}`, file.text);
}
