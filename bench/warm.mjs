#!/usr/bin/env node
// Per-item times in one warm process (run by bench/run.mjs; prints JSON).
//
//   node bench/warm.mjs briefkit <project> <format> <count>   prepare + merge + parse + render, per item
//   node bench/warm.mjs floor    <project> <count>            pdfkit, Helvetica, the same text, no layout
//   node bench/warm.mjs typst    <project> <count>            Typst (typst-ts-node-compiler), two-column A4 10 pt
//   node bench/warm.mjs typst-batch <project> <count> <out>   the same as one whole process writing files
//
// The first 5 items warm the process up and are not counted. The last
// three modes also report page counts; every mode reports output bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const [mode, project, a, b] = process.argv.slice(2);
const ids = (count) => Array.from({ length: count }, (_, i) => `item-${String(i + 1).padStart(4, '0')}`);
const WARM = 5;

async function measure(count, one) {
  const times = [];
  let bytes = 0;
  let pages = 0;
  for (const [index, id] of ids(count + WARM).entries()) {
    const started = performance.now();
    const result = await one(id);
    const ms = performance.now() - started;
    if (index < WARM) continue;
    times.push(ms);
    bytes += result.bytes;
    pages += result.pages ?? 0;
  }
  times.sort((x, y) => x - y);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return { count, meanMs: +mean.toFixed(2), medianMs: +times[Math.floor(times.length / 2)].toFixed(2), meanBytes: Math.round(bytes / count), meanPages: +(pages / count).toFixed(2) };
}

/** Counts `/Type /Page` objects (not `/Pages`) in a PDF. */
const pdfPages = (bytes) => (Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

if (mode === 'briefkit') {
  const format = a;
  const count = Number(b);
  const dist = (p) => import(join(repo, 'dist', p));
  const [{ createNodeEnv }, { createProject, prepareItem, documentFor, createdAt }, { renderFormat, defaultRenderOptions }, { templateSearchPath }] = await Promise.all([dist('env/node.js'), dist('build/pipeline.js'), dist('build/renderers.js'), dist('cli/main.js')]);
  const env = createNodeEnv(project);
  const proj = createProject(env, templateSearchPath(project));
  const result = await measure(count, async (id) => {
    const prepared = await prepareItem(proj, `content/${id}.yaml`);
    if (!prepared.ok) throw new Error(`${id}: ${prepared.diagnostics[0]?.message}`);
    const doc = documentFor(prepared.prepared, format);
    if (!doc.ok) throw new Error(`${id}: ${doc.diagnostics[0]?.message}`);
    const p = prepared.prepared;
    const out = await renderFormat(format, { doc: doc.doc, theme: p.set.theme, fonts: env.fonts(), assets: p.assets.assets, created: createdAt(p.item, undefined), ...(p.logo ? { logo: p.logo } : {}) }, defaultRenderOptions);
    return { bytes: out.bytes.length, pages: format === 'pdf' ? pdfPages(out.bytes) : undefined };
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (mode === 'floor') {
  const count = Number(a);
  const { default: PDFDocument } = await import('pdfkit');
  const result = await measure(count, async (id) => {
    const text = readFileSync(join(project, 'peers/md', `${id}.md`), 'utf8');
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { CreationDate: new Date(0) } });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', resolve));
    doc.font('Helvetica').fontSize(10);
    // Helvetica is WinAnsi only: characters outside it are dropped, as a floor may.
    doc.text(text.replace(/[^\x20-\x7e\u00a0-\u00ff\n]/g, ''), { width: 495 });
    doc.end();
    await done;
    const bytes = Buffer.concat(chunks);
    return { bytes: bytes.length, pages: pdfPages(bytes) };
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (mode === 'typst') {
  const count = Number(a);
  const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
  const noto = join(repo, 'node_modules/@expo-google-fonts/noto-sans');
  const started = performance.now();
  const compiler = NodeCompiler.create({ workspace: project, fontArgs: [{ fontPaths: [noto] }] });
  const createMs = performance.now() - started;
  const result = await measure(count, async (id) => {
    const source = readFileSync(join(project, 'peers/typst', `${id}.typ`), 'utf8');
    const compiled = compiler.compile({ mainFileContent: source });
    if (!compiled.result) throw new Error(`${id}: Typst failed`);
    const pdf = compiler.pdf(compiled.result);
    compiler.evictCache(10);
    return { bytes: pdf.length, pages: pdfPages(pdf) };
  });
  process.stdout.write(`${JSON.stringify({ ...result, createMs: +createMs.toFixed(1) })}\n`);
} else if (mode === 'typst-batch') {
  // The whole-process Typst peer: one Node process compiling `count` documents to files.
  const count = Number(a);
  const outDir = b;
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
  const compiler = NodeCompiler.create({ workspace: project, fontArgs: [{ fontPaths: [join(repo, 'node_modules/@expo-google-fonts/noto-sans')] }] });
  mkdirSync(outDir, { recursive: true });
  let pages = 0;
  for (const id of ids(count)) {
    const compiled = compiler.compile({ mainFileContent: readFileSync(join(project, 'peers/typst', `${id}.typ`), 'utf8') });
    if (!compiled.result) throw new Error(`${id}: Typst failed`);
    const pdf = compiler.pdf(compiled.result);
    compiler.evictCache(10);
    pages += pdfPages(pdf);
    writeFileSync(join(outDir, `${id}.pdf`), pdf);
  }
  process.stdout.write(`${JSON.stringify({ count, pages })}\n`);
} else {
  process.stderr.write('usage: node bench/warm.mjs briefkit|floor|typst <project> …\n');
  process.exit(2);
}
