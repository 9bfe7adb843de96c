import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearProcessTables, KeyedTables, MAX_PROCESS_ENTRIES, MemoTable } from '../../src/render/pdf/memo.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { shapeWord } from '../../src/render/pdf/shaping.js';
import { loadBundledFonts } from '../../src/env/fonts.js';
import { kitchenSinkInput } from '../fixtures/kitchen-sink.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Sets `count` entries no one reads again into a table of their own. */
function fill(count: number, tag: string): void {
  const other = new MemoTable<number>();
  for (let i = 0; i < count; i++) other.set(`${tag}${i}`, i);
}

describe('the PDF renderer’s process-wide tables (memo.ts)', () => {
  it('give a held keyed table back, emptied, after a clear', () => {
    const keyed = new KeyedTables<number>();
    const held = keyed.of('font-a');
    held.set('word', 1);
    clearProcessTables();
    expect(held.get('word')).toBeUndefined();
    expect(keyed.of('font-a')).toBe(held);
    held.set('word', 2);
    expect(keyed.of('font-a').get('word')).toBe(2);
  });

  it('keep what is read and drop what is not, holding at most the bound', () => {
    clearProcessTables();
    const table = new MemoTable<string>();
    table.set('kept', 'k');
    table.set('dropped', 'd');
    const half = MAX_PROCESS_ENTRIES / 2;
    // Half the bound of new entries ages every table once: both are still there, in the older generation.
    fill(half, 'a');
    expect(table.get('kept')).toBe('k');
    // Reading `kept` moved it back; after the next aging `dropped` is gone.
    fill(half, 'b');
    expect(table.get('dropped')).toBeUndefined();
    expect(table.get('kept')).toBe('k');
    // Anything set twice the bound ago and never read is gone.
    const first = new MemoTable<number>();
    first.set('x', 1);
    fill(MAX_PROCESS_ENTRIES, 'c');
    expect(first.get('x')).toBeUndefined();
  });

  it('hold word shapes that share their glyph and position objects', () => {
    const regular = loadBundledFonts().primary.regular;
    const [tea, eat, sea] = [shapeWord(regular, 'tea'), shapeWord(regular, 'eat'), shapeWord(regular, 'sea')];
    // t-e-a and e-a-t: the same characters, so the same glyph objects.
    expect(eat.glyphs[0]).toBe(tea.glyphs[1]);
    expect(eat.glyphs[1]).toBe(tea.glyphs[2]);
    expect(eat.glyphs.map((g) => g.codePoints)).toEqual([[0x65], [0x61], [0x74]]);
    // A word's last glyph has no pair to kern with: the final a of tea and sea is placed alike, by one object.
    expect(sea.positions[2]).toBe(tea.positions[2]);
    expect(sea.positions[2]).toEqual({ xAdvance: sea.positions[2]!.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: sea.positions[2]!.advanceWidth });
  });

  it('change nothing but speed: a fact sheet is the same bytes cold, warm, after a clear and with tables aging throughout', async () => {
    clearProcessTables();
    const cold = sha((await renderPdf(kitchenSinkInput())).bytes);
    const warm = sha((await renderPdf(kitchenSinkInput())).bytes);
    clearProcessTables();
    const cleared = sha((await renderPdf(kitchenSinkInput())).bytes);
    // Nearly full recent generations: the tables age while the document is set.
    clearProcessTables();
    fill(MAX_PROCESS_ENTRIES / 2 - 5, 'd');
    const aging = sha((await renderPdf(kitchenSinkInput())).bytes);
    expect([warm, cleared, aging]).toEqual([cold, cold, cold]);
  });
});
