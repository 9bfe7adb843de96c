import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docToDeck } from '../../src/render/deck/index.js';
import { dosDateTime } from '../../src/render/ooxml/index.js';
import { renderPptx } from '../../src/render/pptx/index.js';
import { PptxGenJS } from '../../src/render/pptx/pptxgen.js';
import { presentationParts } from '../../src/render/pptx/parts.js';
import { renderPresentation } from '../../src/render/pptx/render.js';
import { kitchenSinkDoc, kitchenSinkInput } from '../fixtures/kitchen-sink.js';
import { makePng } from '../fixtures/png.js';
import { canRun, run } from '../helpers/tools.js';

async function partsOf(bytes: Uint8Array): Promise<Record<string, string>> {
  const parts = unzipSync(bytes);
  return Object.fromEntries(Object.entries(parts).filter(([name]) => /\.(xml|rels)$/.test(name)).map(([name, data]) => [name, strFromU8(data)]));
}

describe('renderPptx', () => {
  it('writes one slide per deck slide, notes where the deck has them', async () => {
    const { bytes } = await renderPptx(kitchenSinkInput());
    if (process.env.PPTX_OUT) writeFileSync(process.env.PPTX_OUT, bytes);
    const parts = await partsOf(bytes);
    const deck = docToDeck(kitchenSinkDoc);
    const slides = Object.keys(parts).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    expect(slides).toHaveLength(deck.slides.length);
    const notes = Object.entries(parts).filter(([n]) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    const withNotes = deck.slides.flatMap((s, i) => (s.notes.length ? [i + 1] : []));
    for (const i of withNotes) {
      const note = parts[`ppt/notesSlides/notesSlide${i}.xml`] ?? '';
      expect(note).toContain(deck.slides[i - 1]?.notes[0]?.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 30));
    }
    expect(notes.length).toBeGreaterThanOrEqual(withNotes.length);
  });

  it('draws the marking, slide numbers, alt text and the document title', async () => {
    const parts = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    const masters = Object.entries(parts).filter(([n]) => n.startsWith('ppt/slideLayouts/')).map(([, x]) => x).join('');
    expect(masters).toContain('>PUBLIC<');
    expect(masters).toContain('type="sldNum"');
    expect(Object.values(parts).join('')).toContain('descr="A bar chart with six rising bars"');
    expect(parts['docProps/core.xml']).toContain('<dc:title>Kitchen sink: every node type</dc:title>');
    expect(parts['docProps/core.xml']).toContain('2024-04-17T00:00:00Z');
    const slideXml = Object.entries(parts).filter(([n]) => n.startsWith('ppt/slides/')).map(([, x]) => x).join('');
    expect(slideXml).toContain('lang="en"');
    expect(slideXml).toContain('Literal: # not a heading, **x**, {{title}}, &lt;b&gt;, | a |, :::note');
  });

  it('gives every slide a real title placeholder holding its title (a centred title on the title slide)', async () => {
    const parts = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    const deck = docToDeck(kitchenSinkDoc);
    deck.slides.forEach((slide, i) => {
      const xml = parts[`ppt/slides/slide${i + 1}.xml`]!;
      const type = i === 0 ? 'ctrTitle' : 'title';
      const shapes = [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].map((m) => m[1]!).filter((sp) => /<p:ph type="(ctrTitle|title)"\/>/.test(sp));
      expect(shapes, `slide ${i + 1}`).toHaveLength(1);
      expect(shapes[0]).toContain(`<p:ph type="${type}"/>`);
      const text = [...shapes[0]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('');
      expect(text.replace(/&amp;/g, '&'), `slide ${i + 1}`).toBe(slide.title);
    });
    // The layouts define the placeholders the slides fill.
    const layouts = Object.entries(parts).filter(([n]) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(n)).map(([, x]) => x).join('');
    expect(layouts).toContain('<p:ph type="ctrTitle"/>');
    expect(layouts).toContain('<p:ph type="title"/>');
  });

  it('gives every picture its alt text', async () => {
    const parts = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    const pictures = Object.entries(parts).filter(([n]) => n.startsWith('ppt/slides/')).flatMap(([, x]) => [...x.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)].map((m) => m[0]));
    expect(pictures.length).toBeGreaterThan(0);
    for (const pic of pictures) expect(pic).toMatch(/<p:cNvPr [^>]*descr="[^"]+"/);
  });

  it('puts the theme logo on the title slide only, sized from its height, with alt text, reproducibly', async () => {
    const logo = { mime: 'image/png' as const, bytes: makePng(200, 60), width: 200, height: 60 };
    const input = kitchenSinkInput();
    const withLogo = { ...input, theme: { ...input.theme, logo: { src: 'logo.png', height: 36, alt: 'Example Agency' } }, logo };
    const a = await renderPptx(withLogo);
    const parts = await partsOf(a.bytes);
    const pics = (xml: string) => [...xml.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)].map((m) => m[0]);
    const [pic, ...others] = pics(parts['ppt/slides/slide1.xml']!);
    expect(others).toHaveLength(0);
    expect(pic).toMatch(/<p:cNvPr [^>]*descr="Example Agency"/);
    // 36 pt = 0.5 in = 457200 EMU high; 120 pt = 1524000 EMU wide by aspect ratio.
    expect(pic).toMatch(/<a:ext cx="1524000" cy="457200"\/>/);
    // No other slide gains a picture: only the figure slide has one, as without a logo.
    const without = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    for (const name of Object.keys(parts).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n) && n !== 'ppt/slides/slide1.xml')) {
      expect(pics(parts[name]!).length, name).toBe(pics(without[name]!).length);
    }
    expect(Buffer.from((await renderPptx(withLogo)).bytes).equals(Buffer.from(a.bytes))).toBe(true);
    // Without `alt`, the organisations name it.
    const plain = await partsOf((await renderPptx({ ...kitchenSinkInput(), logo })).bytes);
    expect(pics(plain['ppt/slides/slide1.xml']!)[0]).toMatch(/<p:cNvPr [^>]*descr="OSCE, UNODC"/);
  });

  it('writes document properties, language and the theme colours', async () => {
    const parts = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    const core = parts['docProps/core.xml']!;
    expect(core).toContain('<dc:subject>A fixture for renderer tests</dc:subject>');
    expect(core).toContain('<dc:creator>OSCE, UNODC</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>briefkit</cp:lastModifiedBy>');
    expect(core).toContain('<cp:keywords>Vienna; OSCE; UNODC</cp:keywords>');
    expect(core).toContain('<dc:language>en</dc:language>');
    const theme = parts['ppt/theme/theme1.xml']!;
    expect(theme).toContain('<a:hlink><a:srgbClr val="0072BC"/></a:hlink>');
    expect(theme).toContain('<a:accent1><a:srgbClr val="1B365D"/></a:accent1>');
  });

  it('never puts more than 6 bullets on a slide', async () => {
    const parts = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    for (const [name, xml] of Object.entries(parts).filter(([n]) => /^ppt\/slides\/slide\d+\.xml$/.test(n))) {
      expect((xml.match(/<a:bu(Char|AutoNum)\b/g) ?? []).length, name).toBeLessThanOrEqual(6);
    }
  });

  it('regression: a hyperlink opening a bullet keeps its colour (a word joiner goes before it)', async () => {
    const doc = {
      ...kitchenSinkDoc,
      children: [
        { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Links' }] },
        { type: 'list', ordered: false, start: 1, children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'link', url: 'https://a.example/', children: [{ type: 'text', value: 'first' }] }, { type: 'text', value: ' after' }] }] }] },
      ],
    } satisfies typeof kitchenSinkDoc;
    const xml = (await partsOf((await renderPptx(kitchenSinkInput(doc))).bytes))['ppt/slides/slide2.xml']!;
    const paragraph = /<a:p><a:pPr[^>]*>(?:(?!<\/a:p>)[\s\S])*?<a:buChar[\s\S]*?<\/a:p>/.exec(xml)![0];
    const runs = [...paragraph.matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)].map((m) => m[1]!);
    expect(runs[0]).toContain('<a:t>\u2060</a:t>');
    expect(runs[1]).toContain('<a:hlinkClick');
    expect(runs[1]).toContain('<a:srgbClr val="0072BC"/>');
  });

  it('writes one paragraph-properties element per paragraph, first (regression: bullets lost after a bold run)', async () => {
    const parts = await partsOf((await renderPptx(kitchenSinkInput())).bytes);
    for (const [name, xml] of Object.entries(parts).filter(([n]) => n.startsWith('ppt/slides/'))) {
      for (const [, body] of xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
        expect((body?.match(/<a:pPr\b/g) ?? []).length, name).toBeLessThanOrEqual(1);
        if (body?.includes('<a:pPr')) expect(body.startsWith('<a:pPr'), name).toBe(true);
      }
    }
    expect(parts['ppt/slides/slide2.xml']).toContain('<a:buChar');
  });

  it('is byte-identical for identical input, whatever the clock and time zone', async () => {
    const a = await renderPptx(kitchenSinkInput());
    await new Promise((r) => setTimeout(r, 1100));
    const b = await renderPptx(kitchenSinkInput(structuredClone(kitchenSinkDoc)));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    // Every entry carries the render input's instant as UTC DOS fields, so the time zone cannot show.
    const { date, time } = dosDateTime(kitchenSinkInput().created);
    const view = new DataView(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength);
    for (let i = 0; i + 4 <= a.bytes.length; i++) {
      if (view.getUint32(i, true) !== 0x04034b50) continue;
      expect([view.getUint16(i + 10, true), view.getUint16(i + 12, true)]).toEqual([time, date]);
    }
  });
});

describe('pptx parts', () => {
  it('reads the parts from pptxgenjs\' zip object, not its zip file, with the same content', async () => {
    const make = () => {
      const pptx = new PptxGenJS();
      const slide = pptx.addSlide();
      slide.addText('Fünf “Wörter” 🙂', { x: 1, y: 1, w: 4, h: 1 });
      slide.addImage({ data: `image/png;base64,${Buffer.from(makePng(3, 2)).toString('base64')}`, x: 1, y: 2, w: 1, h: 1 });
      return pptx;
    };
    const picked = await presentationParts(make());
    const written = await presentationParts(make(), { pickUp: false });
    expect(picked.pickedUp).toBe(true);
    // Every part (text, and the image given as base64) as pptxgenjs gave it, none through JSZip's stream workers.
    expect(picked.given).toBe(true);
    expect(written.pickedUp).toBe(false);
    const asBytes = (parts: [string, string | Uint8Array][]) =>
      Object.fromEntries(parts.map(([name, data]) => [name, Buffer.from(typeof data === 'string' ? new TextEncoder().encode(data) : data).toString('hex')]));
    const a = asBytes(picked.parts);
    const b = asBytes(written.parts);
    // Core properties carry the clock's time; the OOXML writer pins them.
    delete a['docProps/core.xml'];
    delete b['docProps/core.xml'];
    expect(a).toEqual(b);
    expect(Object.keys(a)).toContain('ppt/media/');
  });

  it('writes the same bytes as when pptxgenjs writes its zip file', async () => {
    const logo = { mime: 'image/png' as const, bytes: makePng(200, 60), width: 200, height: 60 };
    for (const input of [kitchenSinkInput(), { ...kitchenSinkInput(), logo }]) {
      const picked = await renderPptx(input);
      const written = await renderPresentation(input, { pickUp: false });
      expect(Buffer.from(picked.bytes).equals(Buffer.from(written.bytes))).toBe(true);
    }
  });
});

describe('pptx read by LibreOffice', () => {
  const soffice = spawnSync('soffice', ['--version']);
  const missing = soffice.error !== undefined || soffice.status !== 0;
  if (missing && process.env.CI === 'true') {
    it('needs LibreOffice in CI', () => {
      throw new Error('soffice is not installed; CI must have it');
    });
    return;
  }
  if (missing) console.log('skipping LibreOffice checks: soffice is not on PATH');

  it.skipIf(missing)('converts to a PDF with one page per slide', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-pptx-'));
    try {
      writeFileSync(join(dir, 'deck.pptx'), (await renderPptx(kitchenSinkInput())).bytes);
      execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'deck.pptx')], { timeout: 120_000 });
      expect(readdirSync(dir)).toContain('deck.pdf');
      // pdfinfo comes with poppler-utils: skipped only where it is missing outside CI.
      if (canRun('pdfinfo')) expect(run('pdfinfo', [join(dir, 'deck.pdf')])).toMatch(new RegExp(`Pages:\\s+${docToDeck(kitchenSinkDoc).slides.length}\\b`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
