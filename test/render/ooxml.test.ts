import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import type { Doc } from '../../src/doc/types.js';
import type { RenderInput, Renderer } from '../../src/render/types.js';
import { kitchenSinkDoc, kitchenSinkInput } from '../fixtures/kitchen-sink.js';
import { clearZipMemo, dosDateTime, normalizeOfficePackage, writeOfficePackage } from '../../src/render/ooxml/index.js';
import { writeZip, type ZipEntry } from '../../src/render/ooxml/zip.js';
import { makePng } from '../fixtures/png.js';

const created = new Date(Date.UTC(2024, 3, 17));

/** A small package: text parts, a random relationship id, a picture, a name that needs UTF-8. */
function samplePackage(title: string): [string, string | Uint8Array][] {
  return [
    ['word/document.xml', `<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>${title} “é” 🙂</w:t></w:r></w:p><w:hyperlink r:id="Xa1b2c3d4e5"/></w:body></w:document>`],
    ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
    ['word/_rels/document.xml.rels', '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="t" Target="styles.xml"/><Relationship Id="Xa1b2c3d4e5" Type="h" Target="https://example.org" TargetMode="External"/></Relationships>'],
    ['_rels/.rels', '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'],
    ['docProps/core.xml', '<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2020-01-01T10:00:00Z</dcterms:created></cp:coreProperties>'],
    ['word/styles.xml', `<?xml version="1.0"?><w:styles>${'<w:style w:styleId="S"/>'.repeat(200)}</w:styles>`],
    ['word/media/é.png', makePng(3, 2)],
    ['ppt/', new Uint8Array(0)],
  ];
}

describe('OOXML zip writer', () => {
  it('writes what fflate zipSync writes for the same entries and levels', () => {
    const entries: ZipEntry[] = [
      { name: '[Content_Types].xml', data: '<Types/>', level: 6 },
      { name: 'dir/', data: new Uint8Array(0), level: 0 },
      { name: 'word/média.png', data: makePng(4, 4), level: 0 },
      { name: 'word/document.xml', data: strToU8('<w:document>'.repeat(100)), level: 6 },
    ];
    const files: Zippable = {};
    for (const e of entries) files[e.name] = [typeof e.data === 'string' ? strToU8(e.data) : e.data, { level: e.level }];
    // fflate reads mtime with local-time getters; a local date gives known DOS fields in any zone.
    const expected = zipSync(files, { mtime: new Date(1990, 5, 15, 12, 30, 20) });
    const actual = writeZip(entries, { date: (10 << 9) | (6 << 5) | 15, time: (12 << 11) | (30 << 5) | 10 });
    expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
  });

  it('gives the same bytes whatever was written before in the process, text or bytes alike', () => {
    clearZipMemo();
    const fresh = writeOfficePackage(samplePackage('A'), created);
    // Other packages fill the memo with their own parts (and the shared ones).
    for (let i = 0; i < 600; i++) writeOfficePackage(samplePackage(`other ${i}`), created);
    const warm = writeOfficePackage(samplePackage('A'), created);
    expect(Buffer.from(warm).equals(Buffer.from(fresh))).toBe(true);
    const asBytes = samplePackage('A').map(([name, data]): [string, Uint8Array] => [name, typeof data === 'string' ? strToU8(data) : data]);
    expect(Buffer.from(writeOfficePackage(asBytes, created)).equals(Buffer.from(fresh))).toBe(true);
    expect(Buffer.from(writeOfficePackage([...samplePackage('A')].reverse(), created)).equals(Buffer.from(fresh))).toBe(true);
    expect(Buffer.from(normalizeOfficePackage(fresh, created)).equals(Buffer.from(fresh))).toBe(true);
  });

  it('still gives the same bytes once the memo has dropped parts to stay within its bounds', () => {
    clearZipMemo();
    const fresh = writeOfficePackage(samplePackage('B'), created);
    // About 10 million characters of parts never seen again, more than the memo keeps.
    for (let i = 0; i < 500; i++) writeOfficePackage([...samplePackage(`big ${i}`), [`word/unique${i % 40}.xml`, `<x>${String(i).repeat(20_000 / String(i).length)}</x>`]], created);
    expect(Buffer.from(writeOfficePackage(samplePackage('B'), created)).equals(Buffer.from(fresh))).toBe(true);
  });

  it('renumbers random relationship ids, pins the core dates and dates every entry from `created`', () => {
    const parts = unzipSync(writeOfficePackage(samplePackage('A'), created));
    const text = (name: string) => new TextDecoder().decode(parts[name]);
    expect(Object.keys(parts).slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    expect(text('word/_rels/document.xml.rels')).toContain('Id="rId2"');
    expect(text('word/document.xml')).toContain('r:id="rId2"');
    expect(text('word/document.xml')).toContain('A “é” 🙂');
    expect(text('docProps/core.xml')).toContain('>2024-04-17T00:00:00Z</dcterms:created>');
    expect(dosDateTime(created)).toEqual({ date: (44 << 9) | (4 << 5) | 17, time: 0 });
  });

  it('keeps a part whose bytes are not plain UTF-8 text as it is', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8('<a/>')]);
    const broken = new Uint8Array([...strToU8('<a>'), 0xff, ...strToU8('</a>')]);
    const parts = unzipSync(writeOfficePackage([['a.xml', bom], ['b.xml', broken]], created));
    expect(Buffer.from(parts['a.xml']!).equals(Buffer.from(bom))).toBe(true);
    expect(Buffer.from(parts['b.xml']!).equals(Buffer.from(broken))).toBe(true);
  });
});

describe('DOCX and PPTX renderers in a fresh process and after other documents', () => {
  /** The renderers from module instances of their own: no cache of theirs has seen a document yet. */
  async function freshRenderers(): Promise<{ docx: Renderer; pptx: Renderer }> {
    vi.resetModules();
    const [{ renderDocx }, { renderPptx }] = await Promise.all([import('../../src/render/docx/index.js'), import('../../src/render/pptx/index.js')]);
    return { docx: renderDocx, pptx: renderPptx };
  }

  /** Documents unlike the kitchen sink: other theme colours, fonts and page size, languages, a logo, lists starting elsewhere. */
  function otherInputs(): RenderInput[] {
    const base = kitchenSinkInput();
    const logo = { mime: 'image/png' as const, bytes: makePng(120, 40), width: 120, height: 40 };
    const list = (start: number): Doc['children'][number] => ({
      type: 'list',
      ordered: true,
      start,
      children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: `from ${start}` }] }] }],
    });
    const french: Doc = { ...kitchenSinkDoc, meta: { ...kitchenSinkDoc.meta, lang: 'fr', title: 'Autre document', marking: 'RESTREINT' }, children: [list(3), ...kitchenSinkDoc.children.slice(0, 6), list(7)] };
    const russian: Doc = { ...kitchenSinkDoc, meta: { ...kitchenSinkDoc.meta, lang: 'ru', title: 'Другой документ', organizations: [] }, children: kitchenSinkDoc.children.slice(3) };
    // The kitchen sink's lists and one more of a kind it has: the same numbering definitions, one more list instance.
    const longer: Doc = { ...kitchenSinkDoc, children: [...kitchenSinkDoc.children, list(1), list(1)] };
    const theme = {
      ...base.theme,
      page: { ...base.theme.page, size: 'Letter' as const },
      colors: { ...base.theme.colors, primary: '#7A1F2B', accent: '#00695C' },
      fonts: { ...base.theme.fonts, body: 'DejaVu Serif', heading: 'DejaVu Sans' },
      marking: { ...base.theme.marking, position: 'top-and-bottom' as const },
    };
    return [
      { ...kitchenSinkInput(french), theme, logo },
      kitchenSinkInput(russian),
      { ...kitchenSinkInput(french), created: new Date(Date.UTC(2031, 0, 5, 10, 11, 12)) },
      { ...base, logo },
      kitchenSinkInput(longer),
    ];
  }

  it('gives each document the same bytes rendered first in a process and after others, in any order', async () => {
    const inputs = [kitchenSinkInput(), ...otherInputs()];
    const alone: { docx: Uint8Array; pptx: Uint8Array }[] = [];
    for (const input of inputs) {
      const fresh = await freshRenderers();
      alone.push({ docx: (await fresh.docx(input)).bytes, pptx: (await fresh.pptx(input)).bytes });
    }
    const shared = await freshRenderers();
    const indices = inputs.map((_, i) => i);
    for (const order of [indices, [...indices].reverse(), indices]) {
      for (const i of order) {
        expect(Buffer.from((await shared.docx(inputs[i]!)).bytes).equals(Buffer.from(alone[i]!.docx)), `document ${i}, docx`).toBe(true);
        expect(Buffer.from((await shared.pptx(inputs[i]!)).bytes).equals(Buffer.from(alone[i]!.pptx)), `document ${i}, pptx`).toBe(true);
      }
    }
  });
});
