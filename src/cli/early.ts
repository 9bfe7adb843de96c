/**
 * What bin/briefkit.js does before it loads the CLI: a build of several
 * formats on several cores will want a render worker, and a worker takes
 * ~100–200 ms to start and load the fact sheet's renderer. Started here, from
 * the command line alone, it starts ~40 ms sooner than from `runBuild` (which
 * first loads the CLI, parses the options and reads the config). This module
 * imports only the render pool, so it loads in a few milliseconds.
 *
 * The guess may be wrong (the config file can name the formats or the jobs):
 * `runBuild` then starts no second worker, and a prespawned worker no pool
 * takes is ended after the build (`discardPrespawned`), as before.
 */
import { availableParallelism } from 'node:os';
import { prespawnWorker, prespawnedWorkers } from '../build/render-pool.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../template/formats.js';

/** The value of a long/short option in argv (`--format pdf`, `--format=pdf`, `-f pdf`), the last one winning as in commander. */
function optionValue(argv: readonly string[], long: string, short: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === long || arg === short) value = argv[i + 1] ?? '';
    else if (arg.startsWith(`${long}=`)) value = arg.slice(long.length + 1);
  }
  return value;
}

/**
 * The renderers the render worker of a build should load as it starts, or
 * undefined when the build will run no worker: one format, one job, or
 * `--watch` (which starts its workers itself).
 */
export function workerPreloadFor(formats: readonly OutputFormat[], jobs: number, watch: boolean): OutputFormat[] | undefined {
  if (watch || formats.length < 2 || jobs < 2) return undefined;
  return formats.includes('pdf') ? ['pdf'] : [];
}

/**
 * `workerPreloadFor` read from the command line alone, before the CLI loads:
 * undefined for anything but a `build` (or `build --help`). Lenient: anything
 * it does not understand means no early worker (the CLI reports the fault).
 */
export function earlyWorkerPreload(argv: readonly string[], cores: number): OutputFormat[] | undefined {
  if (argv[0] !== 'build') return undefined;
  const rest = argv.slice(1);
  if (rest.some((arg) => arg === '--help' || arg === '-h')) return undefined;
  const formatList = optionValue(rest, '--format', '-f');
  const formats = formatList === undefined ? [...OUTPUT_FORMATS] : formatList.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (!formats.every((name): name is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(name))) return undefined;
  const jobs = optionValue(rest, '--jobs', '-j');
  if (jobs !== undefined && !/^\d+$/.test(jobs)) return undefined;
  return workerPreloadFor(formats, jobs === undefined ? cores : Number(jobs), rest.includes('--watch'));
}

/** Starts the render worker for `preload` (see workerPreloadFor), unless one is waiting already. */
export function startWorker(preload: readonly OutputFormat[] | undefined): void {
  if (preload && prespawnedWorkers() === 0) prespawnWorker(preload);
}

/** Starts the render worker a build will want, when the command line says it will want one. */
export function startEarly(argv: readonly string[]): void {
  startWorker(earlyWorkerPreload(argv, availableParallelism()));
}

export { discardPrespawned } from '../build/render-pool.js';
