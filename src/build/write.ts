import { mkdir, readdir, rename, rm, rmSync, writeFile } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `fs.writeFile`, `rename`, `mkdir -p` and `rm -rf` as promises (the callback API: one request each, none of `fs/promises`' file handles). */
const writeBytes = (path: string, bytes: Uint8Array | string): Promise<void> => new Promise((resolve, reject) => writeFile(path, bytes, (error) => (error ? reject(error) : resolve())));
const renameTo = (from: string, to: string): Promise<void> => new Promise((resolve, reject) => rename(from, to, (error) => (error ? reject(error) : resolve())));
const makeDir = (path: string): Promise<void> => new Promise((resolve, reject) => mkdir(path, { recursive: true }, (error) => (error ? reject(error) : resolve())));
const removePath = (path: string): Promise<void> => new Promise((resolve) => rm(path, { recursive: true, force: true }, () => resolve()));

/** How a spool folder's name begins (`.briefkit-spool-<pid>-<n>`). */
const SPOOL_PREFIX = '.briefkit-spool-';
/** Spool folders made by this process so far: each writer's is named apart. */
let spoolsMade = 0;

/**
 * Writes files atomically (a temporary file, then a rename), remembering
 * what is in flight so an interrupted build can remove it.
 *
 * Two ways in: `write` takes the bytes (a temporary file in the target's
 * folder); `adopt` takes a file a render already wrote into this writer's
 * spool folder (`spool`), so a render worker's output never passes through
 * this thread.
 */
export class AtomicWriter {
  private readonly inFlight = new Set<string>();
  /** Folders this writer has made or found: a batch writes four outputs into each item's folder. */
  private readonly folders = new Set<string>();
  /** This writer's spool folder (made, or being made), once asked for. */
  private spoolFolder: { dir: string; made: Promise<void> } | undefined;
  private counter = 0;

  /** Writes `bytes` to `path`: afterwards the file is either the new one or the old one, never partial. */
  async write(path: string, bytes: Uint8Array | string): Promise<void> {
    const dir = dirname(path);
    const temp = join(dir, `.${basename(path)}.${process.pid}.${this.counter++}.tmp`);
    this.inFlight.add(temp);
    try {
      await this.inFolder(dir, () => writeBytes(temp, bytes));
      await renameTo(temp, path);
    } catch (thrown) {
      await removePath(temp);
      throw thrown;
    } finally {
      this.inFlight.delete(temp);
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
      this.spoolFolder = { dir, made: makeDir(dir) };
    }
    await this.spoolFolder.made;
    return `${this.spoolFolder.dir}/${this.counter++}-`;
  }

  /**
   * Removes spool folders that builds killed outright (SIGKILL, a crash) left
   * in `outDir`. Call it holding the output folder's lock: then no other
   * build is writing there, and every spool folder but this writer's is left over.
   */
  async removeLeftoverSpools(outDir: string): Promise<void> {
    const names = await new Promise<string[]>((resolve) => readdir(outDir, (error, found) => resolve(error ? [] : found)));
    const ours = this.spoolFolder && basename(this.spoolFolder.dir);
    await Promise.all(names.filter((name) => name.startsWith(SPOOL_PREFIX) && name !== ours).map((name) => removePath(join(outDir, name))));
  }

  /** Moves `temp` (a spooled output, on the same file system) to `path`, atomically; on failure `temp` is removed. */
  async adopt(temp: string, path: string): Promise<void> {
    try {
      await this.inFolder(dirname(path), () => renameTo(temp, path));
    } catch (thrown) {
      await removePath(temp);
      throw thrown;
    }
  }

  /** Removes temporary files of writes that have not finished, and the spool folders (after a build, finished or interrupted). */
  async cleanup(): Promise<void> {
    const spool = this.spoolFolder;
    this.spoolFolder = undefined;
    await spool?.made.catch(() => undefined);
    await Promise.all([...this.inFlight, ...(spool ? [spool.dir] : [])].map((path) => removePath(path)));
    this.inFlight.clear();
  }

  /** The same, synchronously: for a process that must exit at once (a second Ctrl-C). */
  cleanupSync(): void {
    for (const temp of this.inFlight) rmSync(temp, { force: true });
    this.inFlight.clear();
    if (this.spoolFolder) rmSync(this.spoolFolder.dir, { recursive: true, force: true });
    this.spoolFolder = undefined;
  }

  /**
   * Runs `put` (which writes into `dir`) once `dir` exists. This writer makes
   * each folder once; one removed since (`put` fails with ENOENT) is made
   * again and `put` runs once more.
   */
  private async inFolder(dir: string, put: () => Promise<void>): Promise<void> {
    if (!this.folders.has(dir)) {
      await makeDir(dir);
      this.folders.add(dir);
    }
    try {
      await put();
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw thrown;
      await makeDir(dir);
      await put();
    }
  }
}
