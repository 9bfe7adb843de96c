import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readManifest, readPreviousManifest, serializeManifest, type Manifest, type ManifestItem } from '../../src/build/manifest.js';
import { seedFor } from '../helpers/seed.js';

const dir = mkdtempSync(join(tmpdir(), 'briefkit-manifest-'));
let files = 0;
function fileOf(content: string | Uint8Array): string {
  const path = join(dir, `m${files++}.json`);
  writeFileSync(path, content);
  return path;
}

/** What a build read from the whole file before: the items by source (the last of a source wins) and in order. */
async function wholeRead(path: string): Promise<{ bySource: Map<unknown, ManifestItem>; items: ManifestItem[] } | undefined> {
  const manifest = await readManifest(path);
  return manifest && { bySource: new Map(manifest.items.map((item) => [item?.source, item])), items: manifest.items };
}

const text = fc.string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', 'items', '\u2028'), maxLength: 12 });
const output = fc.record({ format: fc.constantFrom('pdf', 'docx', 'outline', 'pptx'), path: text, bytes: fc.nat(), sha256: text, inputs: text, stale: fc.option(fc.boolean(), { nil: undefined }) });
const diagnostic = fc.record({ file: text, line: fc.option(fc.nat(), { nil: undefined }), message: text, hints: fc.option(fc.array(text, { maxLength: 2 }), { nil: undefined }) });
const item = fc.record({
  id: text,
  source: fc.oneof(fc.constantFrom('content/a.yaml', 'content/b.yaml', 'content/c.yaml'), text),
  status: fc.constantFrom('built', 'cached', 'failed'),
  outputs: fc.array(output, { maxLength: 4 }),
  errors: fc.array(diagnostic, { maxLength: 2 }),
  warnings: fc.array(diagnostic, { maxLength: 2 }),
}) as fc.Arbitrary<ManifestItem>;
const manifest = fc.record({ tool: fc.constant('briefkit' as const), version: fc.constant('0.1.0'), started: text, durationMs: fc.nat(), items: fc.array(item, { maxLength: 6 }) }) as fc.Arbitrary<Manifest>;

/** The manifest as briefkit writes it, compact, or with its keys in another order. */
const written = fc.tuple(manifest, fc.constantFrom('pretty', 'compact', 'itemsFirst')).map(([m, how]) =>
  how === 'pretty' ? serializeManifest(m) : how === 'compact' ? JSON.stringify(m) : JSON.stringify({ items: m.items, tool: m.tool, version: m.version, started: m.started, durationMs: m.durationMs }, null, 1),
);
/** Damage: a cut, a character dropped or added, a comma doubled or lost, the key renamed, a second key. */
const damaged = fc.tuple(written, fc.nat(), fc.constantFrom('cut', 'drop', 'add', 'comma', 'nocomma', 'key', 'twice', 'escaped')).map(([t, at, how]) => {
  const i = t.length === 0 ? 0 : at % t.length;
  switch (how) {
    case 'cut':
      return t.slice(0, i);
    case 'drop':
      return t.slice(0, i) + t.slice(i + 1);
    case 'add':
      return `${t.slice(0, i)}${'x,]{"'[at % 5]}${t.slice(i)}`;
    case 'comma':
      return t.replace('},', '},,');
    case 'nocomma':
      return t.replace('},', '}');
    case 'key':
      return t.replace('"items"', '"item"');
    case 'twice':
      return t.replace(/}\s*$/, ', "items": [] }');
    default:
      // The key written with an escape, which JSON reads as the same key.
      return t.replace(/}\s*$/, ', "\\u0069tems": [{"id": "x", "source": "content/a.yaml", "status": "built", "outputs": [], "errors": [], "warnings": []}] }');
  }
});

describe('the last build\'s manifest, read item by item (readPreviousManifest)', () => {
  it('property: gives what reading the whole file gives, for 800 written and damaged manifests', async () => {
    const seed = seedFor('manifest read item by item');
    let valid = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(written, damaged), async (content) => {
        const path = fileOf(content);
        const whole = await wholeRead(path);
        const lazy = readPreviousManifest(path);
        // A file whose items are not all objects is no manifest (see below).
        const unusable = whole === undefined || whole.items.some((i: unknown) => i === null || typeof i !== 'object' || Array.isArray(i));
        expect(lazy === undefined, content).toBe(unusable);
        if (!whole || !lazy) {
          invalid++;
          return;
        }
        valid++;
        expect(lazy.items()).toEqual(whole.items);
        for (const source of ['content/a.yaml', 'content/b.yaml', 'content/c.yaml', 'content/none.yaml', ...whole.items.map((i) => i.source)]) {
          expect(lazy.get(source)).toEqual(whole.bySource.get(source));
        }
        // A fresh object every time: a build may change what it is given.
        const first = lazy.items()[0];
        if (first) expect(lazy.get(first.source)).not.toBe(lazy.get(first.source));
      }),
      { numRuns: 800, seed },
    );
    // Both kinds of input were exercised.
    expect(valid).toBeGreaterThan(200);
    expect(invalid).toBeGreaterThan(100);
  });

  it('reads a missing, empty or non-manifest file as no manifest, and a byte-order mark or bad UTF-8 as reading it whole does', async () => {
    expect(readPreviousManifest(join(dir, 'none.json'))).toBeUndefined();
    for (const content of ['', '{}', '[]', '{"tool":"other","items":[]}', '{"tool":"briefkit","items":{}}', '{"tool":"briefkit"}', 'null', '{"tool":"briefkit","items":[]} x']) {
      expect(readPreviousManifest(fileOf(content)), content).toBeUndefined();
    }
    expect(readPreviousManifest(fileOf('{"tool":"briefkit","items":[]}'))?.items()).toEqual([]);
    // Items that are not objects (briefkit never writes them; a build used to fail on null): no manifest.
    for (const items of ['[1]', '["x"]', '[null]', '[[]]', '[{"source":"a"},null]']) {
      expect(readPreviousManifest(fileOf(`{"tool":"briefkit","items":${items}}`)), items).toBeUndefined();
    }
    const plain = serializeManifest({ tool: 'briefkit', version: '0.1.0', started: 's', durationMs: 1, items: [{ id: 'a', source: 'content/a.yaml', status: 'built', outputs: [], errors: [], warnings: [{ file: 'f', message: 'ok' }] }] });
    const bom = fileOf(`\ufeff${plain}`);
    expect(readPreviousManifest(bom) === undefined).toBe((await readManifest(bom)) === undefined);
    // An invalid UTF-8 byte inside a message: decoded the same way.
    const bad = Buffer.from(plain.replace('"ok"', '"o#k"'), 'utf8');
    bad[bad.indexOf('#'.charCodeAt(0))] = 0xff;
    const badPath = fileOf(bad);
    expect(readPreviousManifest(badPath)?.items()).toEqual((await readManifest(badPath))?.items);
  });
});
