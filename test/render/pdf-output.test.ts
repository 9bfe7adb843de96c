import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { collectOutput } from '../../src/render/pdf/output.js';
import { seedFor } from '../helpers/seed.js';

/** A value as pdfkit's object writer takes it (refs are added per document). */
type Value = string | number | boolean | null | undefined | String | Uint8Array | Date | Value[] | { [key: string]: Value } | { ref: number };

const leaf: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom('Type', 'Font', 'FlateDecode', 'A#B', 'with space'),
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.integer({ min: -100000, max: 100000 }),
  fc.constantFrom(0, -0, 1e-7, 0.1 + 0.2, 1e20, -1e20, 595.28),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => new String(s)),
  fc.constantFrom('a(b)c\\d\n\r\t\b\f', 'Grüße ✓', '𝒜 astral', '()\\', '').map((s) => new String(s)),
  fc.uint8Array({ maxLength: 8 }),
  fc.date({ min: new Date(-5e13), max: new Date(5e13), noInvalidDate: true }),
  fc.nat({ max: 3 }).map((ref) => ({ ref })),
);

const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('Type', 'S', 'K', 'P', 'Pg', 'Length', 'A', 'Alt', '1', '02'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Writes the same objects (and streams) into a document, collected or as pdfkit writes it, and returns the file. */
async function fileOf(values: Value[], stream: string, collect: boolean): Promise<Uint8Array> {
  const pdf = new PDFDocument({ autoFirstPage: false, compress: false, info: { CreationDate: new Date(0) } });
  const chunks: Uint8Array[] = [];
  pdf.on('data', (c: Uint8Array) => chunks.push(c));
  const ended = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  const collected = collect ? collectOutput(pdf) : undefined;
  // pdfkit's typings want a chunk for `end`; pdfkit takes none.
  type Ref = ReturnType<PDFKit.PDFDocument['ref']> & { end(): void };
  const refs: Ref[] = [];
  const resolve = (v: Value): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object' && !(v instanceof String) && !(v instanceof Uint8Array) && !(v instanceof Date)) {
      if ('ref' in v && typeof v.ref === 'number' && Object.keys(v).length === 1) return (refs[v.ref % Math.max(1, refs.length)] ??= pdf.ref({}) as Ref);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  for (const v of values) {
    const data = resolve(v);
    const ref = pdf.ref(data as object) as Ref;
    // Only a dictionary takes a stream (its Length and Filter are set on it).
    if (stream !== '' && data !== null && data !== undefined && Object.getPrototypeOf(data) === Object.prototype) {
      ref.write(stream);
      ref.write(new TextEncoder().encode(stream));
    }
    ref.end();
  }
  for (const ref of refs) ref.end();
  pdf.end();
  await ended;
  return collected ? collected(chunks) : new Uint8Array(Buffer.concat(chunks));
}

describe('the collected PDF file', () => {
  it('property: objects are written byte for byte as pdfkit writes them', async () => {
    const seed = seedFor('pdf object writer');
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 6 }), fc.constantFrom('', 'q 1 0 0 1 0 0 cm Q', 'x'.repeat(40)), async (values, stream) => {
        const ours = await fileOf(values, stream, true);
        const theirs = await fileOf(values, stream, false);
        expect(Buffer.from(ours).toString('latin1')).toBe(Buffer.from(theirs).toString('latin1'));
      }),
      { numRuns: 300, seed },
    );
  });
});
