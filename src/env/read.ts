import type { Env } from './types.js';

/** A small file's bytes (absolute path): read at once where the Env can (`Env.readFileSync`), else through `readFile`. */
export async function readSmallFile(env: Env, path: string): Promise<Uint8Array> {
  return env.readFileSync ? env.readFileSync(path) : env.readFile(path);
}
