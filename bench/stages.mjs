#!/usr/bin/env node
// CPU time per stage per item in one warm process (run by hand; prints a
// Markdown table): prepare, merge + parse of each document, and each
// renderer. `node bench/stages.mjs <project> [count]` after `npm run build`;
// the project is a bench folder such as $BENCH/batch (bench/run.mjs makes it).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const [project, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 40);
const WARM = 10;
const dist = (p) => import(join(repo, 'dist', p));
const [{ createNodeEnv }, { createProject, prepareItem, documentFor, createdAt }, { renderFormat, defaultRenderOptions }, { templateSearchPath }] = await Promise.all([dist('env/node.js'), dist('build/pipeline.js'), dist('build/renderers.js'), dist('cli/main.js')]);
const env = createNodeEnv(project);
const proj = createProject(env, templateSearchPath(project));
const formats = ['pdf', 'docx', 'outline', 'pptx'];
const totals = new Map();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const add = (stage, ms) => totals.set(stage, (totals.get(stage) ?? 0) + ms);
for (let i = 1; i <= count + WARM; i++) {
  const counted = i > WARM;
  const id = `item-${String(i).padStart(4, '0')}`;
  let t = cpu();
  const prepared = await prepareItem(proj, `content/${id}.yaml`);
  if (!prepared.ok) throw new Error(`${id}: ${prepared.diagnostics[0]?.message}`);
  if (counted) add('prepare (read, YAML, schema, images)', cpu() - t);
  const p = prepared.prepared;
  for (const format of formats) {
    t = cpu();
    const doc = documentFor(p, format);
    if (!doc.ok) throw new Error(`${id}: ${doc.diagnostics[0]?.message}`);
    if (counted) add(`merge + parse, ${format}`, cpu() - t);
    t = cpu();
    await renderFormat(format, { doc: doc.doc, theme: p.set.theme, fonts: env.fonts(), assets: p.assets.assets, created: createdAt(p.item, undefined), ...(p.logo ? { logo: p.logo } : {}) }, defaultRenderOptions);
    if (counted) add(`render, ${format}`, cpu() - t);
  }
}
let sum = 0;
const rows = [...totals].map(([stage, ms]) => {
  sum += ms;
  return `| ${stage} | ${(ms / count).toFixed(1)} |`;
});
process.stdout.write(`| stage (CPU ms an item, mean of ${count} after ${WARM} warm-up items) | ms |\n|---|---|\n${rows.join('\n')}\n| **total, four formats** | **${(sum / count).toFixed(1)}** |\n`);
