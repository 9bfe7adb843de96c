import { watch, type FSWatcher } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { BuildOptions, Project } from '../build/index.js';
import type { Reporter } from './reporter.js';

/** How long to wait after the last change before rebuilding: editors write a file in several steps. */
const SETTLE_MS = 120;

/**
 * `briefkit build --watch`: builds once, then watches the project (content,
 * templates, images) and rebuilds after each change. Rebuilds are ordinary
 * incremental builds, so only the items whose inputs changed are rendered;
 * the worker pool stays warm between them. Prints what changed and which
 * items were rebuilt. Resolves when `signal` aborts (Ctrl-C).
 */
export async function watchBuild(project: Project, options: BuildOptions, reporter: Reporter, signal: AbortSignal): Promise<void> {
  const { build, createBuildPool } = await import('../build/build.js');
  const pool = createBuildPool(project, options, { eager: true, items: 0 });
  const root = project.env.root;
  const outDir = resolve(options.outDir);
  const ignored = (abs: string): boolean => {
    const rel = relative(root, abs);
    if (rel.startsWith('..')) return true;
    const first = rel.split(sep)[0] ?? '';
    return abs === outDir || abs.startsWith(`${outDir}${sep}`) || first === 'node_modules' || first.startsWith('.');
  };
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;
  let again = false;
  let wake: (() => void) | undefined;

  const runOnce = async (label: string | undefined): Promise<void> => {
    const rebuilt: string[] = [];
    const quietOptions: BuildOptions = {
      ...options,
      pool,
      onItem: (event) => {
        // The first build reports every item; later ones only what they did.
        if (label === undefined || event.item.status !== 'cached') options.onItem?.(event);
        if (event.item.status !== 'cached') rebuilt.push(`${event.item.id} (${event.item.status})`);
      },
    };
    if (label !== undefined) reporter.note(`briefkit: changed ${label}`);
    const started = Date.now();
    const report = await build(project, quietOptions);
    if (label === undefined) reporter.buildDone(report, options.outDir);
    else if (report.usage.length > 0) reporter.buildDone(report, options.outDir);
    else reporter.note(`briefkit: rebuilt ${rebuilt.length === 0 ? 'nothing (no output depends on it)' : rebuilt.join(', ')} in ${((Date.now() - started) / 1000).toFixed(2)} s; watching for changes (Ctrl-C to stop)`);
  };

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (building) {
        again = true;
        return;
      }
      const files = [...changed].sort();
      changed.clear();
      const label = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
      building = runOnce(label)
        .catch((thrown: unknown) => reporter.note(`briefkit: rebuild failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`))
        .finally(() => {
          building = undefined;
          if (again) {
            again = false;
            schedule();
          }
        });
    }, SETTLE_MS);
  };

  let watcher: FSWatcher | undefined;
  try {
    await runOnce(undefined);
    if (signal.aborted) return;
    watcher = watch(root, { recursive: true }, (_event, name) => {
      if (name === null) return;
      const abs = resolve(root, name.toString());
      if (ignored(abs)) return;
      changed.add(relative(root, abs).split(sep).join('/'));
      schedule();
    });
    reporter.note('briefkit: watching for changes (Ctrl-C to stop)');
    await new Promise<void>((resolveWait) => {
      wake = resolveWait;
      if (signal.aborted) resolveWait();
      signal.addEventListener('abort', () => wake?.(), { once: true });
    });
    if (building) await building;
  } finally {
    if (timer) clearTimeout(timer);
    watcher?.close();
    await pool.close();
  }
}
