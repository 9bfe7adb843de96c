import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicWriter } from '../../src/build/write.js';

const scratch = mkdtempSync(join(tmpdir(), 'briefkit-write-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('AtomicWriter', () => {
  it('makes the folders, writes bytes and text, replaces a file, and leaves no temporary files', async () => {
    const writer = new AtomicWriter();
    const dir = join(scratch, 'a', 'b');
    await writer.write(join(dir, 'one.bin'), new Uint8Array([1, 2, 3]));
    await writer.write(join(dir, 'two.md'), 'héllo\n');
    await writer.write(join(dir, 'one.bin'), new Uint8Array([4]));
    expect([...readFileSync(join(dir, 'one.bin'))]).toEqual([4]);
    expect(readFileSync(join(dir, 'two.md'), 'utf8')).toBe('héllo\n');
    expect(readdirSync(dir).sort()).toEqual(['one.bin', 'two.md']);
  });

  it('makes a folder again when it was removed after the writer made it', async () => {
    const writer = new AtomicWriter();
    const dir = join(scratch, 'gone');
    await writer.write(join(dir, 'x.txt'), 'first');
    rmSync(dir, { recursive: true });
    await writer.write(join(dir, 'x.txt'), 'second');
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['x.txt']);
  });

  it('rejects when the file cannot be replaced, keeping what was there and no temporary file', async () => {
    const writer = new AtomicWriter();
    const dir = join(scratch, 'blocked');
    mkdirSync(join(dir, 'taken'), { recursive: true });
    // A folder where the file should go: the rename fails.
    await expect(writer.write(join(dir, 'taken'), 'text')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(join(dir, 'taken'))).toEqual([]);
    await writer.cleanup();
  });

  it('spools: a fresh prefix in a hidden folder of the output folder; adopt moves a spooled file into place; cleanup removes the spool', async () => {
    const writer = new AtomicWriter();
    const out = join(scratch, 'spooled-out');
    const first = await writer.spool(out);
    const second = await writer.spool(out);
    expect(first).not.toBe(second);
    const folder = join(first, '..');
    expect(join(second, '..')).toBe(folder);
    expect(folder.startsWith(join(out, '.briefkit-spool-'))).toBe(true);
    writeFileSync(`${first}pdf`, 'one');
    writeFileSync(`${second}pdf`, 'two');
    await writer.adopt(`${first}pdf`, join(out, 'item', 'item.pdf'));
    expect(readFileSync(join(out, 'item', 'item.pdf'), 'utf8')).toBe('one');
    expect(readdirSync(folder)).toEqual([`${second.slice(folder.length + 1)}pdf`]);
    // A failed move removes the spooled file.
    mkdirSync(join(out, 'taken'));
    writeFileSync(join(out, 'taken', 'x'), '');
    await expect(writer.adopt(`${second}pdf`, join(out, 'taken'))).rejects.toThrow();
    expect(readdirSync(folder)).toEqual([]);
    writeFileSync(`${await writer.spool(out)}docx`, 'left by an interrupted build');
    await writer.cleanup();
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['item', 'taken']);
  });

  it('removes the spool synchronously too (a second Ctrl-C)', async () => {
    const writer = new AtomicWriter();
    const out = join(scratch, 'sync-out');
    const prefix = await writer.spool(out);
    writeFileSync(`${prefix}outline`, 'text');
    writer.cleanupSync();
    expect(readdirSync(out)).toEqual([]);
  });

  it('removes spool folders that killed builds left, and nothing else', async () => {
    const out = join(scratch, 'leftovers');
    mkdirSync(join(out, '.briefkit-spool-999999-0'), { recursive: true });
    writeFileSync(join(out, '.briefkit-spool-999999-0', '3-pdf'), 'half a fact sheet');
    mkdirSync(join(out, 'item'));
    writeFileSync(join(out, 'manifest.json'), '{}');
    writeFileSync(join(out, '.briefkit.lock'), '');
    const writer = new AtomicWriter();
    const prefix = await writer.spool(out);
    await writer.removeLeftoverSpools(out);
    expect(readdirSync(out).sort()).toEqual(['.briefkit.lock', prefix.slice(out.length + 1).split('/')[0]!, 'item', 'manifest.json'].sort());
    await writer.cleanup();
    await new AtomicWriter().removeLeftoverSpools(join(scratch, 'no-such-folder'));
  });
});
