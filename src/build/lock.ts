import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file's name inside the output folder while a build runs. */
export const LOCK_NAME = '.briefkit.lock';

/** A held output-folder lock. */
export interface OutputLock {
  /** Removes the lock file (only if it is still ours). */
  release(): Promise<void>;
  /** The same, synchronously: for a process that must exit now. */
  releaseSync(): void;
}

/** Who holds a lock, as written into the lock file. */
interface Holder {
  pid: number;
  host: string;
  token: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (thrown) {
    // EPERM: the process exists but belongs to someone else.
    return (thrown as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') return parsed as Holder;
  } catch {
    // Unreadable or half-written: treated below.
  }
  return undefined;
}

/**
 * Takes the output folder's lock (`.briefkit.lock`, created exclusively), so
 * two builds into one folder run one after the other instead of mixing their
 * writes. A lock left by a process that no longer runs on this machine (or an
 * unreadable one older than a few seconds) is taken over. While another
 * build holds it, waits, calling `onWait` once; rejects with an AbortError
 * when `signal` fires. The lock file is removed when the build ends, so the
 * folder never keeps it. The file operations are synchronous (a few
 * microseconds each; through the thread pool each was a round trip a cold
 * build waited for); only the wait for another build's lock is not.
 */
export async function acquireOutputLock(outDir: string, options: { signal?: AbortSignal; onWait?: (holder: string) => void; pollMs?: number } = {}): Promise<OutputLock> {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, LOCK_NAME);
  const me: Holder = { pid: process.pid, host: hostname(), token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` };
  let waited = false;
  let unreadableSince: number | undefined;
  for (;;) {
    if (options.signal?.aborted) throw Object.assign(new Error('interrupted while waiting for the output folder lock'), { name: 'AbortError' });
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code !== 'EEXIST') throw thrown;
    }
    const holder = readHolder(path);
    const stale = holder ? holder.host === me.host && !alive(holder.pid) : (unreadableSince ??= Date.now()) < Date.now() - 5000;
    if (stale) {
      // Remove it only if it is still the lock judged stale (another waiter
      // may have replaced it meanwhile); the exclusive create decides who wins.
      const again = readHolder(path);
      if (again?.token === holder?.token) rmSync(path, { force: true });
      continue;
    }
    if (!waited) {
      waited = true;
      options.onWait?.(holder ? `process ${holder.pid} on ${holder.host}` : 'another build');
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
  const ours = (): boolean => {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as Holder).token === me.token;
    } catch {
      return false;
    }
  };
  const releaseSync = (): void => {
    if (ours()) rmSync(path, { force: true });
  };
  return {
    releaseSync,
    async release() {
      releaseSync();
    },
  };
}
