import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { documentFor, prepareItem } from '../../src/build/index.js';
import { renderDocx } from '../../src/render/docx/index.js';
import { renderOutline } from '../../src/render/outline/index.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { renderPptx } from '../../src/render/pptx/index.js';
import type { OutputFormat } from '../../src/template/index.js';
import { kitchenSinkInput } from '../fixtures/kitchen-sink.js';
import { expectGolden } from '../helpers/golden.js';
import { diskProject, REPO } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';

/** The XML parts of an Office package, each pretty enough to diff line by line. */
function officeParts(bytes: Uint8Array): string {
  const parts = unzipSync(bytes);
  return Object.keys(parts)
    .map((name) => {
      const data = parts[name]!;
      const body = /\.(xml|rels)$/.test(name) ? strFromU8(data).replace(/></g, '>\n<') : `(${data.length} bytes, binary)`;
      return `=== ${name}\n${body}\n`;
    })
    .join('');
}

describe('golden: the kitchen-sink document tree through every renderer', () => {
  const input = kitchenSinkInput();

  it('outline, Marp flavour', async () => {
    expectGolden('kitchen-sink/outline-marp.md', new TextDecoder().decode((await renderOutline(input, { flavor: 'marp' })).bytes));
  });

  it('outline, Pandoc flavour', async () => {
    expectGolden('kitchen-sink/outline-pandoc.md', new TextDecoder().decode((await renderOutline(input, { flavor: 'pandoc' })).bytes));
  });

  it('briefing note (DOCX), part by part', async () => {
    expectGolden('kitchen-sink/briefing.docx.txt', officeParts((await renderDocx(input)).bytes));
  });

  it('deck (PPTX), part by part', async () => {
    expectGolden('kitchen-sink/slides.pptx.txt', officeParts((await renderPptx(input)).bytes));
  });

  it.runIf(canRun('pdftotext'))('fact sheet (PDF), as laid-out text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'briefkit-golden-')), 'k.pdf');
    writeFileSync(file, (await renderPdf(input)).bytes);
    expectGolden('kitchen-sink/factsheet.pdf.txt', run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']));
  });
});

describe('golden: the sample item as document trees (the pivot between templates and renderers)', () => {
  const formats: OutputFormat[] = ['pdf', 'docx', 'outline'];
  for (const format of formats) {
    it(`${format} template`, async () => {
      const prepared = await prepareItem(diskProject(REPO), 'content/osce-unodc-paris-pact-2024.yaml');
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics));
      const doc = documentFor(prepared.prepared, format);
      if (!doc.ok) throw new Error(JSON.stringify(doc.diagnostics));
      expectGolden(`sample/${format}.doc.json`, `${JSON.stringify(doc.doc, null, 1)}\n`);
    });
  }
});
