#!/usr/bin/env node
// Regenerates the low-resolution previews of the sample outputs in docs/preview/
// (shown in README). Needs poppler-utils (pdftoppm) and LibreOffice (soffice).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const id = 'osce-unodc-paris-pact-2024';
const work = mkdtempSync(join(tmpdir(), 'briefkit-preview-'));
const preview = join(root, 'docs', 'preview');
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });

// Fact sheets: the sample, and two example items (examples/content/): Russian, and a generated long one.
const examples = ['ru-osce-unodc-paris-pact-2024', 'long-300-points'];
run(process.execPath, [join(root, 'bin', 'briefkit.js'), 'build', '--quiet', '--force', '--out', join(work, 'out'), `content/${id}.yaml`], { cwd: root });
run(process.execPath, [join(root, 'bin', 'briefkit.js'), 'build', '--quiet', '--force', '--format', 'pdf', '--out', join(work, 'examples'), ...examples.map((e) => `examples/content/${e}.yaml`)], { cwd: root });
const outputs = join(work, 'out', id);
run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', work, join(outputs, `${id}-briefing.docx`), join(outputs, `${id}-slides.pptx`)], {
  env: { ...process.env, HOME: work },
});

rmSync(preview, { recursive: true, force: true });
mkdirSync(preview, { recursive: true });
const pages = (pdf, prefix, resolution, last, first) => {
  const args = ['-png', '-r', String(resolution)];
  if (first) args.push('-f', String(first));
  if (last) args.push('-l', String(last));
  run('pdftoppm', [...args, pdf, join(preview, prefix)]);
};
const pageCount = (pdf) => Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? 0);
pages(join(outputs, `${id}-factsheet.pdf`), 'factsheet', 60);
pages(join(work, 'examples', examples[0], `${examples[0]}-factsheet.pdf`), 'factsheet-ru', 60);
// The long item: its first two pages and its last (where the columns end and the closing block sits).
const long = join(work, 'examples', examples[1], `${examples[1]}-factsheet.pdf`);
pages(long, 'factsheet-long', 60, 2);
pages(long, 'factsheet-long', 60, pageCount(long), pageCount(long));
pages(join(work, `${id}-briefing.pdf`), 'briefing', 60);
pages(join(work, `${id}-slides.pdf`), 'slides', 40);
// The example set that extends brief (examples/templates/ministry), built from examples/ as its project root.
const ministry = 'ministry-precursor-workshop';
run(process.execPath, [join(root, 'bin', 'briefkit.js'), 'build', '--quiet', '--force', '--out', join(work, 'ministry'), `content/${ministry}.yaml`], { cwd: join(root, 'examples') });
const ministryOut = join(work, 'ministry', ministry);
run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(work, 'ministry'), join(ministryOut, `${ministry}-briefing.docx`), join(ministryOut, `${ministry}-slides.pptx`)], { env: { ...process.env, HOME: work } });
pages(join(ministryOut, `${ministry}-factsheet.pdf`), 'ministry-factsheet', 60, 1);
pages(join(work, 'ministry', `${ministry}-briefing.pdf`), 'ministry-briefing', 60, 1);
pages(join(work, 'ministry', `${ministry}-slides.pdf`), 'ministry-slides', 40, 1);
// pdftoppm pads page numbers by page count; keep the names stable and short.
for (const name of readdirSync(preview)) {
  const match = /^(.*)-0*(\d+)\.png$/.exec(name);
  if (match) renameSync(join(preview, name), join(preview, `${match[1]}-${match[2]}.png`));
}
rmSync(work, { recursive: true, force: true });
console.log(`previews written to docs/preview/: ${readdirSync(preview).sort().join(', ')}`);
