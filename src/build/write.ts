import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes files atomically (a temporary file in the same folder, then a
 * rename), remembering temporary files in flight so an interrupted build can
 * remove them.
 */
export class AtomicWriter {
  private readonly inFlight = new Set<string>();
  private counter = 0;

  /** Writes `bytes` to `path`: afterwards the file is either the new one or the old one, never partial. */
  async write(path: string, bytes: Uint8Array | string): Promise<void> {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${basename(path)}.${process.pid}.${this.counter++}.tmp`);
    this.inFlight.add(temp);
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (thrown) {
      await rm(temp, { force: true });
      throw thrown;
    } finally {
      this.inFlight.delete(temp);
    }
  }

  /** Removes temporary files of writes that have not finished (on interrupt). */
  async cleanup(): Promise<void> {
    await Promise.all([...this.inFlight].map((temp) => rm(temp, { force: true })));
    this.inFlight.clear();
  }

  /** The same, synchronously: for a process that must exit at once (a second Ctrl-C). */
  cleanupSync(): void {
    for (const temp of this.inFlight) rmSync(temp, { force: true });
    this.inFlight.clear();
  }
}
