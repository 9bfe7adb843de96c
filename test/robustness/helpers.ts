import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { REPO } from '../helpers/project.js';

/** What a run of the real CLI printed and returned. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`bin/briefkit.js`) in `cwd`. */
export function briefkit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/briefkit.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh project folder in the temp directory holding the given files (paths relative to it). */
export function tempProject(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefkit-robust-'));
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A valid item with a plain field to vary. */
export const VALID = 'title: A title\ndate: 2024-04-17\nsummary: A summary.\nsections:\n  - heading: One\n    points: [a, b]\n';

/** Every file under a folder, relative, sorted (dot files included). */
export function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(join(dir, prefix))) return [];
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

/** Asserts that stderr holds no JavaScript stack trace and no internal-error report. */
export function expectNoStack(stderr: string): void {
  expect(stderr, 'a stack trace on stderr').not.toMatch(/^\s+at\s.+(\(.*:\d+:\d+\)|:\d+:\d+)\s*$/m);
  expect(stderr).not.toMatch(/internal error|Unhandled|uncaught|FATAL ERROR|node:internal/i);
}

/** The manifest of an output folder. */
export interface ManifestShape {
  items: { id: string; source: string; status: string; outputs: { format: string; path: string; bytes: number; sha256: string; stale?: boolean }[]; errors: { file: string; line?: number; column?: number; path?: string; message: string }[]; warnings: { file: string; line?: number; column?: number; path?: string; message: string }[] }[];
}

/**
 * Asserts the contract's promise about an output folder after any build:
 * it holds `manifest.json` and exactly the files it lists (no temp files,
 * locks or partial outputs), each with its listed size and sha256.
 * Returns the manifest.
 */
export function expectOutputMatchesManifest(outDir: string): ManifestShape {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as ManifestShape;
  const listed = new Map(manifest.items.flatMap((item) => item.outputs.map((o) => [o.path, o] as const)));
  for (const file of filesUnder(outDir)) {
    if (file === 'manifest.json') continue;
    expect(listed.has(file), `${file} is in the output folder but not in its manifest`).toBe(true);
  }
  for (const [path, output] of listed) {
    const abs = join(outDir, path);
    expect(existsSync(abs), `${path} is listed in the manifest but missing`).toBe(true);
    const bytes = readFileSync(abs);
    expect(bytes.length, `${path}: size`).toBe(output.bytes);
    expect(createHash('sha256').update(bytes).digest('hex'), `${path}: sha256`).toBe(output.sha256);
  }
  return manifest;
}

/** The first line of each fault printed for `file` (stderr lines starting with it). */
export function faultLines(stderr: string, file: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith(`${file}:`) || line.startsWith(`${file} `));
}
