import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AtomicWriter, serializeManifest, sortItems, type Manifest, type ManifestItem } from '../build/index.js';

/**
 * Joins the manifests of sharded builds: items sorted by source, the earliest
 * start and the longest duration; an item present in several keeps the first.
 */
export async function mergeManifestsCommand(cwd: string, files: string[], out: string | undefined): Promise<{ code: number; usage?: string }> {
  const manifests: Manifest[] = [];
  for (const file of files) {
    let parsed: Manifest;
    try {
      parsed = JSON.parse(await readFile(resolve(cwd, file), 'utf8')) as Manifest;
    } catch (thrown) {
      return { code: 2, usage: `${file}: cannot read a manifest (${thrown instanceof Error ? thrown.message : String(thrown)})` };
    }
    if (parsed?.tool !== 'briefkit' || !Array.isArray(parsed.items)) return { code: 2, usage: `${file}: not a briefkit manifest` };
    manifests.push(parsed);
  }
  const bySource = new Map<string, ManifestItem>();
  for (const m of manifests) for (const item of m.items) if (!bySource.has(item.source)) bySource.set(item.source, item);
  const merged: Manifest = {
    tool: 'briefkit',
    version: manifests[0]?.version ?? '',
    started: manifests.map((m) => m.started).sort()[0] ?? new Date(0).toISOString(),
    durationMs: Math.max(0, ...manifests.map((m) => m.durationMs)),
    items: sortItems([...bySource.values()]),
  };
  const text = serializeManifest(merged);
  if (out) await new AtomicWriter().write(resolve(cwd, out), text);
  else process.stdout.write(text);
  return { code: merged.items.some((i) => i.status === 'failed') ? 1 : 0 };
}
