import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { loadBundledFonts } from '../../src/env/fonts.js';
import type { FontFile } from '../../src/env/types.js';
import { LightFont, lightFontData, type FontkitFace, type LightFontData } from '../../src/render/pdf/light-font.js';
import { REPO } from '../helpers/project.js';
import { seedFor } from '../helpers/seed.js';

const fonts = loadBundledFonts();
const files: FontFile[] = [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks];

/** A fontkit parse of its own and the LightFont made from what the build would store. */
function both(file: FontFile): { theirs: FontkitFace & Record<string, unknown>; ours: LightFont; data: LightFontData } {
  const theirs = create(file.bytes) as unknown as FontkitFace & Record<string, unknown>;
  const data = lightFontData(file.bytes, theirs);
  if (typeof data === 'string') throw new Error(`${file.key} keeps fontkit: ${data}`);
  // Through JSON, as the build writes it and the renderer reads it.
  const stored = JSON.parse(JSON.stringify(data)) as LightFontData;
  return { theirs, ours: new LightFont(file.bytes, stored), data: stored };
}

/** A view of a fontkit face with some members replaced. */
function altered(face: FontkitFace, changes: Record<string, unknown>): FontkitFace {
  return new Proxy(face, { get: (target, key, receiver) => (typeof key === 'string' && key in changes ? changes[key] : Reflect.get(target, key, receiver) as unknown) });
}

describe('LightFont: the bundled faces read without fontkit (src/render/pdf/light-font.ts)', () => {
  it('gives every value pdfkit and the renderer read as fontkit does, for every bundled face', () => {
    for (const file of files) {
      const { theirs, ours } = both(file);
      const os2 = theirs['OS/2'] as { sFamilyClass: number } | undefined;
      const expected = {
        postscriptName: theirs.postscriptName,
        unitsPerEm: theirs.unitsPerEm,
        ascent: theirs.ascent,
        descent: theirs.descent,
        lineGap: theirs.lineGap,
        capHeight: theirs.capHeight,
        xHeight: theirs.xHeight,
        italicAngle: theirs.italicAngle,
        numGlyphs: theirs.numGlyphs,
        bbox: [theirs.bbox.minX, theirs.bbox.minY, theirs.bbox.maxX, theirs.bbox.maxY],
        familyClass: os2 === undefined ? undefined : os2.sFamilyClass,
        isFixedPitch: theirs.post.isFixedPitch,
        italic: theirs.head.macStyle.italic,
        metrics: theirs.hhea.numberOfMetrics,
        loca: { version: (theirs.loca as { version: number }).version, offsets: Array.from((theirs.loca as { offsets: ArrayLike<number> }).offsets) },
      };
      const actual = {
        postscriptName: ours.postscriptName,
        unitsPerEm: ours.unitsPerEm,
        ascent: ours.ascent,
        descent: ours.descent,
        lineGap: ours.lineGap,
        capHeight: ours.capHeight,
        xHeight: ours.xHeight,
        italicAngle: ours.italicAngle,
        numGlyphs: ours.numGlyphs,
        bbox: [ours.bbox.minX, ours.bbox.minY, ours.bbox.maxX, ours.bbox.maxY],
        familyClass: ours['OS/2']?.sFamilyClass,
        isFixedPitch: ours.post.isFixedPitch,
        italic: ours.head.macStyle.italic,
        metrics: ours.hhea.numberOfMetrics,
        loca: { version: ours.loca.version, offsets: Array.from(ours.loca.offsets) },
      };
      expect(actual, file.key).toEqual(expected);
      // pdfkit writes these into the font descriptor: undefined must stay undefined (DejaVu's OS/2 has no cap height).
      expect(Object.is(ours.capHeight, theirs.capHeight) && Object.is(ours.xHeight, theirs.xHeight), file.key).toBe(true);
      const tables = (theirs.directory as { tables: Record<string, { offset: number; length: number }> }).tables;
      for (const [tag, entry] of Object.entries(tables)) expect(ours.directory.tables[tag], `${file.key} ${tag}`).toMatchObject({ offset: entry.offset, length: entry.length });
    }
  });

  it('property: maps code points and glyphs as fontkit does, for 3,000 random code points and glyphs of every bundled face', () => {
    const seed = seedFor('light font lookups');
    const faces = files.map((file) => ({ key: file.key, ...both(file) }));
    // Near the code points the faces map (where a range ends), anywhere in Unicode, and past it.
    const mapped = faces.flatMap((face) => face.theirs.characterSet);
    const codePoint = fc.oneof(
      fc.constantFrom(...mapped).chain((cp) => fc.integer({ min: Math.max(0, cp - 2), max: cp + 2 })),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0x10ffff }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...faces), codePoint, fc.nat({ max: 70_000 }), (face, cp, id) => {
        const theirs = face.theirs.glyphForCodePoint(cp);
        const ours = face.ours.glyphForCodePoint(cp);
        expect([ours.id, ours.advanceWidth], `${face.key} U+${cp.toString(16)}`).toEqual([theirs.id, theirs.advanceWidth]);
        expect(face.ours.hasGlyphForCodePoint(cp)).toBe((face.theirs as unknown as { hasGlyphForCodePoint(cp: number): boolean }).hasGlyphForCodePoint(cp));
        // Glyph ids past the long metrics (and past the font) take the last advance, as in fontkit.
        expect(face.ours.getGlyph(id).advanceWidth, `${face.key} glyph ${id}`).toBe(face.theirs.getGlyph(id).advanceWidth);
      }),
      { numRuns: 3000, seed },
    );
  });

  it('property: its subsets are byte for byte fontkit\'s, for 200 random glyph sets of the bundled faces', () => {
    const seed = seedFor('light font subsets');
    const faces = files.map((file) => both(file));
    fc.assert(
      fc.property(fc.constantFrom(...faces), fc.array(fc.nat({ max: 4000 }), { maxLength: 300 }), ({ theirs, ours }, ids) => {
        const reference = (theirs as unknown as { createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array; glyphs: number[] } }).createSubset();
        const subset = ours.createSubset();
        for (const id of ids.map((i) => i % ours.numGlyphs)) expect(subset.includeGlyph(id)).toBe(reference.includeGlyph(id));
        expect(Buffer.from(subset.encode()).equals(Buffer.from(reference.encode()))).toBe(true);
        expect(subset.glyphs).toEqual(reference.glyphs);
      }),
      { numRuns: 200, seed },
    );
  });

  it('leaves to fontkit what it does not read, saying why, and checks its character map against fontkit\'s', () => {
    const file = fonts.primary.regular;
    const face = create(file.bytes) as unknown as FontkitFace;
    expect(lightFontData(new TextEncoder().encode('wOFF and more bytes'), face)).toBe('not a single TrueType face');
    expect(lightFontData(file.bytes, altered(face, { _cmapProcessor: { cmap: { version: 6 }, encoding: null } }))).toBe('character map format 6');
    expect(lightFontData(file.bytes, altered(face, { _cmapProcessor: { cmap: { version: 4 }, encoding: {} } }))).toBe('no Unicode character map');
    expect(lightFontData(file.bytes, altered(face, { postscriptName: null }))).toBe('no PostScript name');
    // A face whose glyph for one character differs from what its bytes say: the build's check finds it.
    const glyphForCodePoint = (cp: number) => (cp === 0x41 ? { id: 7, advanceWidth: 500 } : face.glyphForCodePoint(cp));
    expect(lightFontData(file.bytes, altered(face, { glyphForCodePoint }))).toMatch(/^U\+41 maps to glyph \d+ here, 7 in fontkit$/);
    // One glyph's advance differs (fontkit's glyphForCodePoint reads getGlyph too: take those from a parse of its own).
    const plain = create(file.bytes) as unknown as FontkitFace;
    const getGlyph = (id: number) => (id === 3 ? { advanceWidth: 1 } : plain.getGlyph(id));
    expect(lightFontData(file.bytes, altered(face, { getGlyph, glyphForCodePoint: (cp: number) => plain.glyphForCodePoint(cp) }))).toBe("glyph 3's advance differs from fontkit's");
    // pdfkit is never to lay text out with it: the fact sheet shapes its words itself.
    const { ours } = both(file);
    expect(() => ours.layout('text')).toThrow(/shapes its words itself/);
  });
});

describe('fontkit is loaded only when a font needs it (src/render/pdf/fontkit-load.ts)', () => {
  /** Builds one item of `text` as a fact sheet with the bin; returns the PDF and the bundle chunks it required. */
  function build(text: string, nodeFlags: string[] = []): { pdf: Buffer; required: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-fontkit-'));
    const sample = readFileSync(join(REPO, 'content/osce-unodc-paris-pact-2024.yaml'), 'utf8');
    const content = join(dir, 'content');
    mkdirSync(content);
    // The sample with one more paragraph in its summary.
    const item = sample.replace(/^summary: \|\n/m, (line) => `${line}  ${text}\n\n`);
    expect(item).not.toBe(sample);
    writeFileSync(join(content, 'item.yaml'), item);
    // A project of its own (briefkit's templates are the fallback), building content/ into out/.
    const result = spawnSync(process.execPath, [...nodeFlags, join(REPO, 'bin/briefkit.js'), 'build', '--force', '-q', '--format', 'pdf'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'module', SOURCE_DATE_EPOCH: '1700000000' },
    });
    expect(result.status, result.stderr.split('\n').filter((line) => !line.startsWith('MODULE')).join('\n')).toBe(0);
    const required = [...result.stderr.matchAll(/Module\._load REQUEST (\S+) parent: /g)].map((m) => m[1]!.replace(/^.*\/dist\/bundle\//, ''));
    return { pdf: readFileSync(join(dir, 'out/item/item-factsheet.pdf')), required };
  }

  it('sets a fact sheet of Latin text without it, and loads it (the same bytes either way Node loads it) for a script the fast shaper leaves to it', () => {
    const latin = build('Plain Latin text: naïve café, “quoted”, 2024–2025.');
    // The chunks go through the loader (by absolute path), fontkit's CommonJS build by its name.
    expect(latin.required.filter((name) => name.endsWith('.js')).length).toBeGreaterThan(4);
    expect(latin.required.filter((name) => /fontkit/.test(name))).toEqual([]);
    const devanagari = build('हिन्दी पाठ भी है।');
    expect(devanagari.required).toContain('fontkit.js');
    // Where Node cannot require() an ES module, fontkit's own CommonJS build is loaded instead: same output.
    const fallback = build('हिन्दी पाठ भी है।', ['--no-experimental-require-module']);
    expect(fallback.required).toContain('fontkit');
    expect(fallback.pdf.equals(devanagari.pdf)).toBe(true);
  }, 60_000);
});
