import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { deflateSync, inflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { codeLengths, deflateLevel6 } from '../../src/render/ooxml/deflate.js';
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

function fibonacciBytes(): Uint8Array {
  const bytes: number[] = [];
  let [a, b] = [1, 1];
  for (let symbol = 0; symbol < 22; symbol++) {
    for (let k = 0; k < a; k++) bytes.push(symbol * 11);
    [a, b] = [b, a + b];
  }
  // A fixed shuffle (so few repeats for the matcher to find).
  let seed = 12345;
  for (let i = bytes.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [bytes[i], bytes[j]] = [bytes[j]!, bytes[i]!];
  }
  return Uint8Array.from(bytes);
}

interface HNode {
  s: number;
  f: number;
  l?: HNode;
  r?: HNode;
}

/** fflate 0.8's `hTree` as it is written there (objects, two sorts): the reference for `codeLengths`. */
function fflateTree(d: Uint16Array, mb: number): { t: Uint8Array; l: number } {
  const t: HNode[] = [];
  for (let i = 0; i < d.length; ++i) if (d[i]) t.push({ s: i, f: d[i]! });
  const s = t.length;
  const t2 = t.slice();
  if (!s) return { t: new Uint8Array(0), l: 0 };
  if (s === 1) {
    const v = new Uint8Array(t[0]!.s + 1);
    v[t[0]!.s] = 1;
    return { t: v, l: 1 };
  }
  t.sort((a, b) => a.f - b.f);
  t.push({ s: -1, f: 25001 });
  let l = t[0]!;
  let r = t[1]!;
  let i0 = 0;
  let i1 = 1;
  let i2 = 2;
  t[0] = { s: -1, f: l.f + r.f, l, r };
  while (i1 !== s - 1) {
    l = t[t[i0]!.f < t[i2]!.f ? i0++ : i2++]!;
    r = t[i0 !== i1 && t[i0]!.f < t[i2]!.f ? i0++ : i2++]!;
    t[i1++] = { s: -1, f: l.f + r.f, l, r };
  }
  let maxSym = t2[0]!.s;
  for (let i = 1; i < s; ++i) if (t2[i]!.s > maxSym) maxSym = t2[i]!.s;
  const tr = new Uint16Array(maxSym + 1);
  const ln = (n: HNode, dd: number): number => (n.s === -1 ? Math.max(ln(n.l!, dd + 1), ln(n.r!, dd + 1)) : (tr[n.s] = dd));
  let mbt = ln(t[i1 - 1]!, 0);
  if (mbt > mb) {
    let i = 0;
    let dt = 0;
    const lft = mbt - mb;
    const cst = 1 << lft;
    t2.sort((a, b) => tr[b.s]! - tr[a.s]! || a.f - b.f);
    for (; i < s; ++i) {
      const i2_1 = t2[i]!.s;
      if (tr[i2_1]! > mb) {
        dt += cst - (1 << (mbt - tr[i2_1]!));
        tr[i2_1] = mb;
      } else break;
    }
    dt >>= lft;
    while (dt > 0) {
      const i2_2 = t2[i]!.s;
      if (tr[i2_2]! < mb) dt -= 1 << (mb - tr[i2_2]!++ - 1);
      else ++i;
    }
    for (; i >= 0 && dt; --i) {
      const i2_3 = t2[i]!.s;
      if (tr[i2_3] === mb) {
        --tr[i2_3]!;
        ++dt;
      }
    }
    mbt = mb;
  }
  return { t: new Uint8Array(tr), l: mbt };
}

describe('codeLengths', () => {
  it('gives fflate’s code lengths, also where they must be limited', () => {
    const fib = (n: number): number[] => {
      const out = [1, 1];
      while (out.length < n) out.push(out[out.length - 1]! + out[out.length - 2]!);
      return out;
    };
    // A block has at most ~25,000 symbols (fflate's tree builder relies on that).
    const frequencies = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 288 }),
      // Fibonacci frequencies, scattered over the alphabet with ties: trees deeper than the limit.
      fc.tuple(fc.integer({ min: 8, max: 20 }), fc.array(fc.nat(287), { minLength: 20, maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 20, maxLength: 20 })).map(([n, at, extra]) => {
        const d = new Array<number>(288).fill(0);
        fib(n).forEach((f, i) => (d[at[i]!] = f + extra[i]!));
        return d;
      }),
    );
    fc.assert(
      fc.property(frequencies, fc.constantFrom(7, 15), (freq, mb) => {
        const d = Uint16Array.from(freq);
        const expected = fflateTree(d, mb);
        const actual = codeLengths(d, mb);
        return actual.l === expected.l && Buffer.from(actual.t).equals(Buffer.from(expected.t));
      }),
      { numRuns: 2000, seed: seedFor('codeLengths = fflate hTree'), endOnFailure: true },
    );
  });
});

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
      // Byte frequencies in a Fibonacci series, shuffled: Huffman codes longer than 15 bits, which must be limited.
      fibonacciBytes(),
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
