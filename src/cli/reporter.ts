import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { BuildReport, ItemEvent, ValidateReport } from '../build/index.js';
import { formatDiagnostic, formatGithub, type Diagnostic } from '../diagnostics/index.js';

/** The names `--reporter` accepts. */
export type ReporterName = 'text' | 'json' | 'github';

/** Prints progress and results of a command. */
export interface Reporter {
  /** The build knows how many items it will report (and how many it must render). */
  start(event: { total: number; toRender: number }): void;
  item(event: ItemEvent): void;
  buildDone(report: BuildReport, outDir: string): void;
  validateDone(report: ValidateReport): void;
  /** A line of its own (watch mode: what changed, what was rebuilt). */
  note(text: string): void;
}

/** Where a reporter writes and what it knows about the terminal; the defaults are the process's. */
export interface ReporterOptions {
  quiet: boolean;
  cwd: string;
  stdout?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };
  stderr?: Pick<NodeJS.WriteStream, 'write'>;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds clock (tests pass a fake one). */
  now?: () => number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Whether to colour output: never with `NO_COLOR` (non-empty), always with
 * `FORCE_COLOR` (other than `0`/`false`), else only on a terminal.
 */
export function useColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/** Formats seconds as `m:ss` (or `h:mm:ss`). */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Creates the reporter `--reporter` asked for. */
export function createReporter(name: ReporterName, options: ReporterOptions): Reporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const now = options.now ?? (() => Date.now());
  const tty = stdout.isTTY === true && !env.CI;
  const colour = useColour(env, stdout.isTTY === true);
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  // The progress bar lives on one terminal line that is cleared before anything else is written.
  let barShown = false;
  const clearBar = () => {
    if (barShown) stdout.write('\r\u001b[K');
    barShown = false;
  };
  const write = (stream: Pick<NodeJS.WriteStream, 'write'>, text: string) => {
    clearBar();
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  const faults = (list: Diagnostic[]) => {
    if (name === 'github') for (const d of list) write(stdout, formatGithub(d));
    else for (const d of list) write(stderr, formatDiagnostic(d));
  };
  const counts = { built: 0, cached: 0, failed: 0 };
  let total = 0;
  let toRender = 0;
  let rendered = 0;
  let startedAt = now();
  /** When the first rendered item finished: the ETA's rate is measured from then, without the start-up. */
  let firstRenderedAt = 0;
  const bar = (index: number) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((index / total) * width);
    const at = now();
    const elapsed = (at - startedAt) / 1000;
    const left = toRender - rendered;
    // The workers' first items finish together, after their start-up: the
    // rate is the time since the first finished over the items since, shown
    // from the third on (on two cores the second comes with the first).
    const eta = rendered >= 3 && left > 0 ? ` ETA ${clock(((at - firstRenderedAt) / 1000 / (rendered - 1)) * left)}` : '';
    const text = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${index}/${total}  ${paint(32, `${counts.built} built`)}  ${counts.cached} cached  ${counts.failed > 0 ? paint(31, `${counts.failed} failed`) : '0 failed'}  ${clock(elapsed)}${eta}`;
    stdout.write(`\r\u001b[K${text}`);
    barShown = true;
  };
  return {
    start(event) {
      total = event.total;
      toRender = event.toRender;
      startedAt = now();
    },
    item(event) {
      counts[event.item.status]++;
      if (event.ms !== undefined) {
        if (rendered === 0) firstRenderedAt = now();
        rendered++;
      }
      faults([...event.errors, ...event.warnings]);
      if (name !== 'text' || options.quiet) return;
      if (tty) {
        bar(event.index);
        return;
      }
      const mark = event.item.status === 'failed' ? paint(31, '✗') : event.item.status === 'cached' ? paint(2, '·') : paint(32, '✓');
      const formats = event.item.outputs.filter((o) => !o.stale).map((o) => o.format).join(', ');
      const counter = event.total > 1 ? `[${event.index}/${event.total}] ` : '';
      write(stdout, `${counter}${mark} ${event.item.status.padEnd(6)} ${event.item.id}${formats ? `  (${formats})` : ''}`);
    },
    buildDone(report, outDir) {
      clearBar();
      faults(report.usage);
      if (name === 'json') {
        write(stdout, JSON.stringify(report.manifest, null, 2));
        return;
      }
      if (report.usage.length > 0) return;
      const done = counts.built + counts.cached + counts.failed;
      const where = relative(options.cwd, outDir) || '.';
      const seconds = report.manifest.durationMs / 1000;
      if (report.interrupted) write(stderr, `briefkit: interrupted after ${plural(done, 'item')}; finished outputs are kept and listed in ${where}/manifest.json`);
      const summary = `${plural(done, 'item')}: ${counts.built} built, ${counts.cached} cached, ${counts.failed} failed in ${seconds.toFixed(2)} s → ${where}/`;
      const slowest = [...report.timings].sort((a, b) => b.ms - a.ms).slice(0, 3);
      if (name === 'github') {
        write(stderr, summary);
        const file = env.GITHUB_STEP_SUMMARY;
        if (file) appendFileSync(file, githubSummary(report, counts, seconds, slowest));
        return;
      }
      if (options.quiet && counts.failed === 0) return;
      write(stdout, summary);
      if (options.quiet || done < 2) return;
      const rate = counts.built > 0 && seconds > 0 ? `  (${(counts.built / seconds).toFixed(1)} items/s)` : '';
      const rows = [
        ['built', paint(32, String(counts.built))],
        ['cached', String(counts.cached)],
        ['failed', counts.failed > 0 ? paint(31, String(counts.failed)) : '0'],
        ['time', `${seconds.toFixed(2)} s${rate}`],
      ];
      if (slowest.length > 0) rows.push(['slowest', slowest.map((t) => `${t.id} ${t.ms} ms`).join(', ')]);
      write(stdout, rows.map(([k, v]) => `  ${k!.padEnd(8)}${v}`).join('\n'));
    },
    validateDone(report) {
      faults(report.usage);
      faults([...report.errors, ...report.warnings]);
      if (report.usage.length > 0) return;
      if (name === 'json') {
        write(stdout, JSON.stringify({ checked: report.checked, valid: report.valid, errors: report.errors, warnings: report.warnings }, null, 2));
        return;
      }
      const invalid = report.checked - report.valid.length;
      if (!options.quiet || invalid > 0) write(name === 'github' ? stderr : stdout, `${plural(report.checked, 'file')} checked: ${report.valid.length} valid, ${invalid} invalid`);
    },
    note(text) {
      write(name === 'text' ? stdout : stderr, text);
    },
  };
}

/** The job summary (GitHub-flavoured Markdown) appended to `$GITHUB_STEP_SUMMARY`. */
function githubSummary(report: BuildReport, counts: { built: number; cached: number; failed: number }, seconds: number, slowest: BuildReport['timings']): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `### briefkit build${report.interrupted ? ' (interrupted)' : ''}`,
    '',
    '| built | cached | failed | time |',
    '|---:|---:|---:|---:|',
    `| ${counts.built} | ${counts.cached} | ${counts.failed} | ${seconds.toFixed(2)} s |`,
    '',
  ];
  const failed = report.manifest.items.filter((i) => i.status === 'failed' && report.errors.some((e) => e.file === i.source));
  if (failed.length > 0) {
    lines.push('| failed item | first error |', '|---|---|');
    for (const item of failed.slice(0, 50)) {
      const first = item.errors[0];
      lines.push(`| \`${cell(item.source)}\` | ${first ? cell(`${first.line !== undefined ? `${first.line}:${first.column ?? 1} ` : ''}${first.path ? `${first.path}: ` : ''}${first.message}`) : ''} |`);
    }
    if (failed.length > 50) lines.push(`| … | ${failed.length - 50} more |`);
    lines.push('');
  }
  if (slowest.length > 0) lines.push(`Slowest: ${slowest.map((t) => `\`${t.id}\` ${t.ms} ms`).join(', ')}`, '');
  return `${lines.join('\n')}\n`;
}
