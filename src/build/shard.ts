import { createHash } from 'node:crypto';

/** One shard of a build: `index` counts from 1 (`--shard 2/3`). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n), or returns undefined when malformed. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/**
 * The shard (1..count) an item belongs to, by rendezvous hashing of its id:
 * stable across runs and machines, and adding an item never moves another.
 */
export function shardOf(id: string, count: number): number {
  let best = 1;
  let bestScore = '';
  for (let shard = 1; shard <= count; shard++) {
    const score = createHash('sha256').update(`${shard}\u0000${id}`).digest('hex');
    if (score > bestScore) {
      best = shard;
      bestScore = score;
    }
  }
  return best;
}
