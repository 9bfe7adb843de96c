import { spawnSync } from 'node:child_process';

/** Whether a command-line tool is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Whether tests that need `tool` should run: always under CI (where a missing
 * tool must fail the test), otherwise only when it is installed — with the
 * reason printed when skipped.
 */
export function canRun(tool: string): boolean {
  if (process.env.CI === 'true') return true;
  if (hasTool(tool)) return true;
  console.warn(`skipping tests that need \`${tool}\`: it is not installed (apt-get install ${tool === 'pdftotext' || tool === 'pdfinfo' || tool === 'pdffonts' ? 'poppler-utils' : tool === 'soffice' ? 'libreoffice' : tool})`);
  return false;
}

/** Runs a tool and returns its standard output; throws with its stderr when it fails. */
export function run(cmd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, input: options.input, env: options.env ?? process.env, cwd: options.cwd });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Collapses all runs of white space to one space, for comparing extracted text. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
