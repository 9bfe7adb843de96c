import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// The writer's file operations are synchronous: a rename, a folder or the
// manifest's write takes microseconds, where each trip through the thread
// pool (and back through the event loop) kept a cold one-item build waiting
// 0.3–4 ms on a small VM, ~20 of them per build (docs/performance.md,
// twelfth session). Output bytes are written by the render tasks themselves
// (into the spool), so no large write blocks this thread.
const makeDir = (path: string): void => void mkdirSync(path, { recursive: true });
const removePath = (path: string): void => rmSync(path, { recursive: true, force: true });

/** How a spool folder's name begins (`.briefkit-spool-<pid>-<n>`). */
const SPOOL_PREFIX = '.briefkit-spool-';
/** Spool folders made by this process so far: each writer's is named apart. */
let spoolsMade = 0;

/**
 * Writes files atomically (a temporary file, then a rename; a write is
 * synchronous, so no interruption falls between the two, and a failed one
 * removes its temporary file), and keeps the build's spool folder.
 *
 * Two ways in: `write` takes the bytes (a temporary file in the target's
 * folder); `adopt` takes a file a render already wrote into this writer's
 * spool folder (`spool`), so a render worker's output never passes through
 * this thread.
 */
export class AtomicWriter {
  /** Folders this writer has made or found: a batch writes four outputs into each item's folder. */
  private readonly folders = new Set<string>();
  /** This writer's spool folder (made), once asked for. */
  private spoolFolder: string | undefined;
  private counter = 0;

  /** Writes `bytes` to `path`: afterwards the file is either the new one or the old one, never partial. */
  async write(path: string, bytes: Uint8Array | string): Promise<void> {
    const dir = dirname(path);
    const temp = join(dir, `.${basename(path)}.${process.pid}.${this.counter++}.tmp`);
    try {
      this.inFolder(dir, () => writeFileSync(temp, bytes));
      renameSync(temp, path);
    } catch (thrown) {
      removePath(temp);
      throw thrown;
    }
  }

  /**
   * A fresh path prefix in this writer's spool folder inside `outDir` (one
   * output folder per writer: `.briefkit-spool-<pid>-<n>/`, made on first
   * use, removed by `cleanup`): a render writes its outputs there as
   * `<prefix><format>`, then `adopt` moves each into place. Hidden, so
   * content discovery never reads it.
   */
  async spool(outDir: string): Promise<string> {
    if (!this.spoolFolder) {
      const dir = join(outDir, `${SPOOL_PREFIX}${process.pid}-${spoolsMade++}`);
      makeDir(dir);
      this.spoolFolder = dir;
    }
    return `${this.spoolFolder}/${this.counter++}-`;
  }

  /**
   * Removes spool folders that builds killed outright (SIGKILL, a crash) left
   * in `outDir`. Call it holding the output folder's lock: then no other
   * build is writing there, and every spool folder but this writer's is left over.
   */
  async removeLeftoverSpools(outDir: string): Promise<void> {
    let names: string[];
    try {
      names = readdirSync(outDir);
    } catch {
      return;
    }
    const ours = this.spoolFolder && basename(this.spoolFolder);
    for (const name of names) if (name.startsWith(SPOOL_PREFIX) && name !== ours) removePath(join(outDir, name));
  }

  /** Moves `temp` (a spooled output, on the same file system) to `path`, atomically; on failure `temp` is removed. */
  async adopt(temp: string, path: string): Promise<void> {
    try {
      this.inFolder(dirname(path), () => renameSync(temp, path));
    } catch (thrown) {
      removePath(temp);
      throw thrown;
    }
  }

  /** Removes the spool folder (after a build, finished or interrupted). */
  async cleanup(): Promise<void> {
    this.cleanupSync();
  }

  /** The same, synchronously: for a process that must exit at once (a second Ctrl-C). */
  cleanupSync(): void {
    if (this.spoolFolder) removePath(this.spoolFolder);
    this.spoolFolder = undefined;
  }

  /**
   * Runs `put` (which writes into `dir`) once `dir` exists. This writer makes
   * each folder once; one removed since (`put` fails with ENOENT) is made
   * again and `put` runs once more.
   */
  private inFolder(dir: string, put: () => void): void {
    if (!this.folders.has(dir)) {
      makeDir(dir);
      this.folders.add(dir);
    }
    try {
      put();
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw thrown;
      makeDir(dir);
      put();
    }
  }
}
