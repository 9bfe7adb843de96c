import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearProcessTables, KeyedTables, MAX_PROCESS_ENTRIES, noteEntry, processTable } from '../../src/render/pdf/memo.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { kitchenSinkInput } from '../fixtures/kitchen-sink.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the PDF renderer’s process-wide tables (memo.ts)', () => {
  it('empty a keyed table in place, so a view held across a clear is still the table', () => {
    const keyed = new KeyedTables<number>();
    const held = keyed.of('font-a');
    held.set('word', 1);
    clearProcessTables();
    expect(held.size).toBe(0);
    expect(keyed.of('font-a')).toBe(held);
    held.set('word', 2);
    expect(keyed.of('font-a').get('word')).toBe(2);
  });

  it('are all cleared once the entries noted pass the bound, and not before', () => {
    clearProcessTables();
    const table = processTable<string>();
    const keyed = new KeyedTables<string>().of('chain');
    table.set('a', 'x');
    keyed.set('b', 'y');
    for (let i = 0; i < MAX_PROCESS_ENTRIES; i++) noteEntry();
    expect([table.size, keyed.size]).toEqual([1, 1]);
    noteEntry();
    expect([table.size, keyed.size]).toEqual([0, 0]);
  });

  it('change nothing but speed: a fact sheet is the same bytes after a clear, and while they are filled', async () => {
    clearProcessTables();
    const cold = sha((await renderPdf(kitchenSinkInput())).bytes);
    const warm = sha((await renderPdf(kitchenSinkInput())).bytes);
    clearProcessTables();
    const cleared = sha((await renderPdf(kitchenSinkInput())).bytes);
    expect(warm).toBe(cold);
    expect(cleared).toBe(cold);
  });
});
