import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { deflateSync, inflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deflateLevel6 } from '../../src/render/ooxml/deflate.js';
import { seedFor } from '../helpers/seed.js';

const same = (data: Uint8Array): boolean => Buffer.from(deflateLevel6(data)).equals(Buffer.from(deflateSync(data, { level: 6 })));

/** Text shaped like slide XML: repeated markup with varying words, so matches, long chains and several blocks occur. */
function xmlLike(words: string[], repeat: number): Uint8Array {
  let text = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld>';
  for (let i = 0; i < repeat; i++) {
    const word = words[i % words.length] ?? '';
    text += `<p:sp><p:txBody><a:p><a:r><a:rPr lang="en-GB" sz="${1200 + (i % 7) * 100}" b="${i % 2}"/><a:t>${word} ${i}</a:t></a:r></a:p></p:txBody></p:sp>`;
  }
  return strToU8(`${text}</p:sld>`);
}

describe('deflateLevel6', () => {
  it('gives fflate’s bytes for edge sizes and for stored, fixed and dynamic blocks', () => {
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([7]),
      new Uint8Array([1, 2]),
      new Uint8Array([1, 2, 3]),
      new Uint8Array(1000).fill(65),
      // Random bytes: stored blocks.
      Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24),
      // Long repetitive text: many blocks, positions past the 32 kB window.
      xmlLike(['alpha', 'beta', 'gamma', 'Ünïcödé', '🙂'], 3000),
      strToU8('abc'.repeat(50_000)),
      // Real text with long hash chains: fflate's own source.
      readFileSync(createRequire(import.meta.url).resolve('fflate')),
      // Over e^13 bytes: fflate's largest hash table.
      xmlLike(['a', 'bb', 'ccc', 'dddd'], 4000),
    ];
    for (const data of cases) {
      expect(same(data)).toBe(true);
      expect(Buffer.from(inflateSync(deflateLevel6(data))).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('gives fflate’s bytes for random inputs, whatever came before', () => {
    const byte = fc.integer({ min: 0, max: 255 });
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      // A small alphabet: many matches.
      fc.array(fc.constantFrom(...strToU8('<a:t>xyz </')), { maxLength: 20_000 }).map((a) => Uint8Array.from(a)),
      fc.tuple(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 600 })).map(([w, n]) => xmlLike(w, n)),
      fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 3000 }), byte).map(([unit, n, b]) => {
        const out = new Uint8Array(unit.length * n + 1);
        for (let i = 0; i < n; i++) out.set(unit, i * unit.length);
        out[out.length - 1] = b;
        return out;
      }),
    );
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 3 }), (inputs) => inputs.every(same)),
      { numRuns: 300, seed: seedFor('deflateLevel6 = fflate'), endOnFailure: true },
    );
  });
});
