import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryEnv, createNodeEnv } from '../../src/env/index.js';
import { loadBundledFonts } from '../../src/env/fonts.js';

const scratch = mkdtempSync(join(tmpdir(), 'briefkit-env-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Env.readFileSync', () => {
  it('gives the bytes readFile gives, in memory of their own, and throws ENOENT for a missing file (disk)', async () => {
    const env = createNodeEnv(scratch);
    // Around the 64 KiB read buffer too: a file that fills it is read whole.
    for (const size of [0, 10, 3000, 5000, 65_535, 65_536, 65_537, 200_000]) {
      const path = join(scratch, `f${size}`);
      const bytes = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
      writeFileSync(path, bytes);
      const read = env.readFileSync!(path);
      expect(read).toEqual(await env.readFile(path));
      expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
      // Not a view of a shared pool: the whole buffer is this file's.
      expect(read.byteOffset).toBe(0);
      expect(read.buffer.byteLength).toBe(size);
    }
    expect(() => env.readFileSync!(join(scratch, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => env.readFileSync!(scratch)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    // One buffer serves every read: an earlier, longer file leaves nothing behind in a later one.
    writeFileSync(join(scratch, 'long'), 'a'.repeat(1000));
    writeFileSync(join(scratch, 'short'), 'b');
    env.readFileSync!(join(scratch, 'long'));
    expect(new TextDecoder().decode(env.readFileSync!(join(scratch, 'short')))).toBe('b');
  });

  it('gives the bytes readFile gives, and throws ENOENT for a missing file (memory)', async () => {
    const env = createMemoryEnv('/p', { '/p/a.txt': 'ä text', '/p/b.bin': new Uint8Array([1, 2, 3]) });
    expect(env.readFileSync!('/p/a.txt')).toEqual(await env.readFile('/p/a.txt'));
    expect(env.readFileSync!('/p/b.bin')).toEqual(new Uint8Array([1, 2, 3]));
    expect(() => env.readFileSync!('/p/c')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('bundled fonts', () => {
  it('reads each bundled face once, on first use; every font set then gets those same bytes, equal to the files', () => {
    const first = loadBundledFonts();
    const second = loadBundledFonts();
    const require = createRequire(import.meta.url);
    const files = { regular: '400Regular/NotoSans_400Regular.ttf', bold: '700Bold/NotoSans_700Bold.ttf', italic: '400Regular_Italic/NotoSans_400Regular_Italic.ttf' } as const;
    for (const [style, file] of Object.entries(files) as [keyof typeof files, string][]) {
      const bytes = first.primary[style].bytes;
      expect(second.primary[style].bytes, style).toBe(bytes);
      expect(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(readFileSync(require.resolve(`@expo-google-fonts/noto-sans/${file}`))), style).toBe(true);
    }
    const mono = first.mono.bytes;
    expect(Buffer.from(mono.buffer, mono.byteOffset, mono.byteLength).equals(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf')))).toBe(true);
    expect(loadBundledFonts().mono.bytes).toBe(mono);
  });
});
