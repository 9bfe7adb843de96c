import { relative } from 'node:path';
import type { BuildReport, ItemEvent, ValidateReport } from '../build/index.js';
import { formatDiagnostic, formatGithub, type Diagnostic } from '../diagnostics/index.js';

/** The names `--reporter` accepts. */
export type ReporterName = 'text' | 'json' | 'github';

/** Prints progress and results of a command. */
export interface Reporter {
  item(event: ItemEvent): void;
  buildDone(report: BuildReport, outDir: string): void;
  validateDone(report: ValidateReport): void;
}

const write = (stream: NodeJS.WriteStream, text: string) => {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Creates the reporter `--reporter` asked for. */
export function createReporter(name: ReporterName, options: { quiet: boolean; cwd: string }): Reporter {
  const faults = (list: Diagnostic[]) => {
    if (name === 'github') for (const d of list) write(process.stdout, formatGithub(d));
    else for (const d of list) write(process.stderr, formatDiagnostic(d));
  };
  const counts = { built: 0, cached: 0, failed: 0 };
  return {
    item(event) {
      counts[event.item.status]++;
      faults([...event.errors, ...event.warnings]);
      if (name !== 'text' || options.quiet) return;
      const mark = event.item.status === 'failed' ? '✗' : event.item.status === 'cached' ? '·' : '✓';
      const formats = event.item.outputs.filter((o) => !o.stale).map((o) => o.format).join(', ');
      const counter = event.total > 1 ? `[${event.index}/${event.total}] ` : '';
      write(process.stdout, `${counter}${mark} ${event.item.status.padEnd(6)} ${event.item.id}${formats ? `  (${formats})` : ''}`);
    },
    buildDone(report, outDir) {
      faults(report.usage);
      if (name === 'json') {
        write(process.stdout, JSON.stringify(report.manifest, null, 2));
        return;
      }
      if (report.usage.length > 0) return;
      const done = counts.built + counts.cached + counts.failed;
      const where = relative(options.cwd, outDir) || '.';
      if (report.interrupted) write(process.stderr, `briefkit: interrupted after ${done} item${done === 1 ? '' : 's'}; finished outputs are kept and listed in ${where}/manifest.json`);
      const summary = `${plural(done, 'item')}: ${counts.built} built, ${counts.cached} cached, ${counts.failed} failed in ${(report.manifest.durationMs / 1000).toFixed(2)} s → ${where}/`;
      if (!options.quiet || counts.failed > 0) write(name === 'github' ? process.stderr : process.stdout, summary);
    },
    validateDone(report) {
      faults(report.usage);
      faults([...report.errors, ...report.warnings]);
      if (report.usage.length > 0) return;
      if (name === 'json') {
        write(process.stdout, JSON.stringify({ checked: report.checked, valid: report.valid, errors: report.errors, warnings: report.warnings }, null, 2));
        return;
      }
      const invalid = report.checked - report.valid.length;
      if (!options.quiet || invalid > 0) write(name === 'github' ? process.stderr : process.stdout, `${plural(report.checked, 'file')} checked: ${report.valid.length} valid, ${invalid} invalid`);
    },
  };
}
