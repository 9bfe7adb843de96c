import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, Option } from 'commander';
// Only what every command needs is imported up front; each command imports
// its own stages when it runs, so `--help` never loads Handlebars, ajv or a
// renderer, and `validate` never loads a renderer (cold start matters).
import type { AtomicWriter, BuildOptions, Project } from '../build/index.js';
import type { OutputLock } from '../build/lock.js';
import { parseShard } from '../build/shard.js';
import { VERSION } from '../build/version.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../template/formats.js';
import type { TemplateSearchPath } from '../template/index.js';
import { createReporter, type ReporterName } from './reporter.js';

/** Where briefkit itself is installed (its own templates live there). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Thrown for usage errors: exit status 2. */
class UsageError extends Error {}

/** The template folders of a project: its own first, then briefkit's. */
export function templateSearchPath(root: string): TemplateSearchPath[] {
  const own = resolve(root, 'templates');
  const bundled = resolve(PACKAGE_ROOT, 'templates');
  return own === bundled ? [{ dir: own, display: 'templates' }] : [{ dir: own, display: 'templates' }, { dir: bundled, display: 'briefkit/templates' }];
}

async function openProject(cwd: string): Promise<Project> {
  const [{ createNodeEnv }, { createProject }, { readProjectConfig }] = await Promise.all([import('../env/node.js'), import('../build/pipeline.js'), import('./config.js')]);
  // briefkit.config.yaml was read (and checked) for the flags already; here only its default template set matters.
  return createProject(createNodeEnv(cwd), templateSearchPath(cwd), readProjectConfig(cwd).template ?? 'brief');
}

function parseFormats(text: string): OutputFormat[] {
  const formats = text
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of formats) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format \`${f}\` (known: ${OUTPUT_FORMATS.join(', ')})`);
  }
  if (formats.length === 0) throw new UsageError('--format needs at least one format');
  return OUTPUT_FORMATS.filter((f) => formats.includes(f));
}

function parsePositiveInt(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${name} expects a whole number of at least 1, got \`${text}\``);
  return Number(text);
}

/** `--item-timeout` in milliseconds (its rule lives with the project setting of the same name). */
async function itemTimeoutOf(text: string): Promise<number> {
  const { parseItemTimeout, ITEM_TIMEOUT_RULE } = await import('./config.js');
  const ms = parseItemTimeout(text);
  if (ms === undefined) throw new UsageError(`--item-timeout expects ${ITEM_TIMEOUT_RULE}, got \`${text}\``);
  return ms;
}

function sourceDateEpoch(): number | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, got \`${raw}\``);
  return Number(raw.trim());
}

interface BuildFlags {
  out: string;
  format: string;
  jobs?: string;
  itemTimeout?: string;
  shard?: string;
  force?: boolean;
  watch?: boolean;
  reporter: ReporterName;
  outlineFlavor: 'marp' | 'pandoc';
  quiet?: boolean;
}

/**
 * A one-shot build that renders at most this many items turns V8's
 * optimising compiler (TurboFan) off once the scan has counted them (V8
 * flags are process-wide, so the render workers follow). Such a build ends
 * before optimised code pays for itself: the compile jobs run on background
 * threads that compete with the render worker for the cores, and the process
 * waits for the unfinished ones before it exits. Measured on 2 cores: ~20%
 * less CPU for one item in four formats, and less for 10 and 30 items too
 * (docs/performance.md); a long batch keeps the optimiser, which makes its
 * hot loops several times faster. Library callers of `build` are never
 * affected: only this command sets the flag, for its own process.
 */
const UNOPTIMIZED_MAX_ITEMS = 8;

/**
 * How much V8 may let the old generation grow past what the last full
 * collection left, for a build whose items this thread renders itself
 * (`--jobs 1`, or one core): 100%, the most a render worker gets from its
 * 384 MB heap limit. The main thread's own limit is sized for the machine's
 * memory and allows 300%; when a collection happened to count the garbage
 * allocated while it marked, 1,000 items × 4 with `--jobs 1` peaked at
 * 390–417 MB instead of ~270 MB, in a third of the runs. With 100%: 188–192
 * MB in every run, in the same time (docs/performance.md).
 */
const IN_THREAD_HEAP_GROWTH = '--heap-growing-percent=100';

async function runBuild(paths: string[], flags: BuildFlags): Promise<number> {
  const cwd = process.cwd();
  const formats = parseFormats(flags.format);
  const jobs = flags.jobs === undefined ? undefined : parsePositiveInt('--jobs', flags.jobs);
  const itemTimeoutMs = flags.itemTimeout === undefined ? undefined : await itemTimeoutOf(flags.itemTimeout);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.shard !== undefined && !shard) throw new UsageError(`--shard expects i/n with 1 ≤ i ≤ n (for example 2/3), got \`${flags.shard}\``);
  const outDir = resolve(cwd, flags.out);
  if (existsSync(outDir) && !(await isDirectory(outDir))) throw new UsageError(`--out ${flags.out} is a file, not a folder`);
  const blocking = await fileAbove(outDir);
  if (blocking) throw new UsageError(`--out ${flags.out} lies under a file (${blocking}), so it cannot be created (ENOTDIR)`);
  if (resolve(outDir) === resolve(cwd)) throw new UsageError('--out may not be the project root itself: a build would mix its outputs with your files');
  const reporter = createReporter(flags.reporter, { quiet: flags.quiet === true, cwd });
  const controller = new AbortController();
  let signalCode = 0;
  // While a build runs: its temporary files and the output folder's lock, so
  // that a second Ctrl-C (which exits at once) still leaves neither behind.
  let inFlight: { writer: AtomicWriter | undefined; lock: OutputLock | undefined } = { writer: undefined, lock: undefined };
  const onSignal = (code: number) => () => {
    if (controller.signal.aborted) {
      inFlight.writer?.cleanupSync();
      inFlight.lock?.releaseSync();
      process.exit(code);
    }
    signalCode = code;
    controller.abort();
  };
  const onInt = onSignal(130);
  const onTerm = onSignal(143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // A build of several formats on several cores will want a render worker:
  // start it now, loading the fact sheet's renderer, so its start-up overlaps
  // this thread reading the config, the template sets and the items.
  // (bin/briefkit.js may have started it already, from the command line.)
  const early = await import('./early.js');
  early.startWorker(early.workerPreloadFor(formats, jobs ?? availableParallelism(), flags.watch === true));
  try {
    const options: BuildOptions = {
      cwd,
      paths,
      outDir,
      formats,
      force: flags.force === true,
      render: { outlineFlavor: flags.outlineFlavor },
      signal: controller.signal,
      onStart: (event) => {
        // A one-shot build of a few items: no optimising compiler (see UNOPTIMIZED_MAX_ITEMS).
        if (!flags.watch && event.toRender <= UNOPTIMIZED_MAX_ITEMS) setFlagsFromString('--no-opt');
        else if (event.workers === 0) setFlagsFromString(IN_THREAD_HEAP_GROWTH);
        reporter.start(event);
      },
      onItem: (event) => reporter.item(event),
      onWait: (holder) => reporter.note(`briefkit: ${flags.out} is being built by ${holder}; waiting for it to finish`),
      onWriter: (writer, lock) => {
        inFlight = { writer, lock };
      },
      ...(shard ? { shard } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
      ...(itemTimeoutMs !== undefined ? { itemTimeoutMs } : {}),
      ...(sourceDateEpoch() !== undefined ? { sourceDateEpoch: sourceDateEpoch()! } : {}),
    };
    const project = await openProject(cwd);
    if (flags.watch) {
      const { watchBuild } = await import('./watch.js');
      await watchBuild(project, options, reporter, controller.signal);
      return signalCode || 130;
    }
    const { build } = await import('../build/build.js');
    const report = await build(project, options);
    reporter.buildDone(report, outDir);
    if (report.interrupted) return signalCode || 130;
    return report.exitCode;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await early.discardPrespawned();
  }
}

/** The nearest existing ancestor of a path when it is not a folder (the path could never be created), else undefined. */
async function fileAbove(path: string): Promise<string | undefined> {
  const { dirname } = await import('node:path');
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) return (await isDirectory(dir)) ? undefined : dir;
    if (dirname(dir) === dir) return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return (await stat(path)).isDirectory();
}

async function runValidate(paths: string[], flags: { reporter: ReporterName; quiet?: boolean }): Promise<number> {
  const cwd = process.cwd();
  const reporter = createReporter(flags.reporter, { quiet: flags.quiet === true, cwd });
  const { validate } = await import('../build/validate.js');
  const report = await validate(await openProject(cwd), cwd, paths);
  reporter.validateDone(report);
  return report.exitCode;
}

async function runSchema(template: string | undefined): Promise<number> {
  const cwd = process.cwd();
  const name = template ?? 'brief';
  for (const place of templateSearchPath(cwd)) {
    const file = resolve(place.dir, name, 'schema.json');
    if (existsSync(file)) {
      process.stdout.write(await readFile(file, 'utf8'));
      return 0;
    }
  }
  throw new UsageError(`template set \`${name}\` not found (looked in ${templateSearchPath(cwd).map((p) => p.display).join(', ')})`);
}

/** Applies `briefkit.config.yaml` under the flags (flags win); a bad file is a usage error. */
async function projectConfig<F extends object>(paths: string[], flags: F, command: Command): Promise<{ paths: string[]; flags: F }> {
  const { withConfig, ConfigError } = await import('./config.js');
  try {
    return withConfig(process.cwd(), paths, flags, command);
  } catch (thrown) {
    if (thrown instanceof ConfigError) throw new UsageError(thrown.message);
    throw thrown;
  }
}

/** Builds the command-line program; the one place where flags become options. */
function program(setExit: (code: number) => void): Command {
  const cli = new Command('briefkit')
    .description('One content file in: a PDF fact sheet, a Word briefing note, and a slide-ready outline and deck out.')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  cli
    .command('build')
    .description('build every item under content/ (or the given files/folders) into out/')
    .argument('[paths...]', 'content files or folders (default: content)')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-f, --format <list>', `formats to write, comma-separated: ${OUTPUT_FORMATS.join(',')}`, OUTPUT_FORMATS.join(','))
    .option('-j, --jobs <n>', 'items to render at once, in worker threads (default: the number of cores; 1 renders in this thread)')
    .option('--item-timeout <seconds>', 'seconds an item may take to render; past that it fails and its worker thread is stopped (default: no limit; with a limit, every item renders in a worker thread)')
    .option('--shard <i/n>', 'build only shard i of n (counting from 1), for CI matrix jobs')
    .option('--force', 'ignore the cache and rebuild every output')
    .option('--watch', 'build, then rebuild the items whose inputs change until Ctrl-C')
    .addOption(new Option('--reporter <name>', 'how to report progress and faults').choices(['text', 'json', 'github']).default('text'))
    .addOption(new Option('--outline-flavor <name>', 'speaker-note syntax of the outline').choices(['marp', 'pandoc']).default('marp'))
    .option('-q, --quiet', 'print only errors and warnings')
    .action(async (paths: string[], flags: BuildFlags, command: Command) => {
      const configured = await projectConfig(paths, flags, command);
      setExit(await runBuild(configured.paths, configured.flags));
    });

  cli
    .command('validate')
    .description("check items against their template set's schema; writes nothing")
    .argument('[paths...]', 'content files or folders (default: content)')
    .addOption(new Option('--reporter <name>', 'how to report faults').choices(['text', 'json', 'github']).default('text'))
    .option('-q, --quiet', 'print only errors and warnings')
    .action(async (paths: string[], flags: { reporter: ReporterName; quiet?: boolean }, command: Command) => setExit(await runValidate((await projectConfig(paths, flags, command)).paths, flags)));

  cli
    .command('new')
    .description('write a starter content/<id>.yaml that validates')
    .argument('<id>', 'the new item’s id (lower-case letters, digits, hyphens)')
    .option('-t, --template <name>', 'template set', 'brief')
    .option('--force', 'overwrite an existing file')
    .action(async (id: string, flags: { template: string; force?: boolean }, command: Command) => {
      const { newItemCommand } = await import('./new-item.js');
      const result = await newItemCommand(process.cwd(), id, (await projectConfig([], flags, command)).flags, (p) => templateSearchPath(p));
      if (result.usage) throw new UsageError(result.usage);
      setExit(result.code);
    });

  cli
    .command('init')
    .description('scaffold a new project: an example item, templates/brief to edit, briefkit.config.yaml, .gitignore, package.json')
    .argument('[dir]', 'the folder of the new project (default: the current folder); it must be empty', '.')
    .option('--force', 'write into a folder that is not empty (files briefkit writes are overwritten, each named)')
    .action(async (dir: string, flags: { force?: boolean }) => {
      const { initCommand } = await import('./init.js');
      const epoch = sourceDateEpoch();
      const today = (epoch !== undefined ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
      const result = await initCommand(process.cwd(), dir, flags, PACKAGE_ROOT, today);
      if (result.usage) throw new UsageError(result.usage);
      setExit(result.code);
    });

  cli
    .command('schema')
    .description('print the JSON Schema of a template set')
    .argument('[template]', 'template set', 'brief')
    .action(async (template: string | undefined) => setExit(await runSchema(template)));

  cli
    .command('templates')
    .description('list the template sets with their formats')
    .action(async () => {
      const { templatesCommand } = await import('./templates.js');
      setExit(await templatesCommand(templateSearchPath(process.cwd())));
    });

  cli
    .command('merge-manifests')
    .description('join the manifests of sharded builds')
    .argument('<files...>', 'manifest.json files')
    .option('-o, --out <file>', 'write the merged manifest here instead of printing it')
    .action(async (files: string[], flags: { out?: string }) => {
      const { mergeManifestsCommand } = await import('./merge-manifests.js');
      const result = await mergeManifestsCommand(process.cwd(), files, flags.out);
      if (result.usage) throw new UsageError(result.usage);
      setExit(result.code);
    });

  return cli;
}

/** Runs the CLI with arguments (without `node` and the script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const cli = program((c) => {
    code = c;
  });
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      if (thrown.code === 'commander.helpDisplayed' || thrown.code === 'commander.version') return 0;
      if (thrown.code === 'commander.executeSubCommandAsync') return thrown.exitCode;
      return 2;
    }
    if (thrown instanceof UsageError) {
      process.stderr.write(`briefkit: ${thrown.message}\n`);
      return 2;
    }
    throw thrown;
  }
}
