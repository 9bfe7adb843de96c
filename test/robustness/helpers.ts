import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { filesUnder } from '../helpers/files.js';
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

/** Characters XML 1.0 allows. */
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Checks that a text is well-formed XML 1.0, strictly: only legal
 * characters (also through character references), every tag closed in
 * order, attributes quoted and unique, only the five predefined entities.
 * Returns the first fault, or undefined. (No XML parser is a dependency of
 * briefkit; this covers what Office readers reject.)
 */
export function xmlFault(xml: string): string | undefined {
  if (XML_ILLEGAL.test(xml)) return `illegal character U+${(xml.match(XML_ILLEGAL)![0].codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
  const stack: string[] = [];
  const name = '[A-Za-z_:][-A-Za-z0-9_:.]*';
  const token = new RegExp(`<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<(/?)(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>|<|&[^;\\s]*;?`, 'g');
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    const t = m[0];
    if (t === '<') return `a stray < at ${m.index}`;
    if (t.startsWith('&')) {
      if (/^&(amp|lt|gt|quot|apos);$/.test(t)) continue;
      const ref = /^&#(x[0-9A-Fa-f]+|\d+);$/.exec(t);
      if (!ref) return `a bad entity ${t} at ${m.index}`;
      const cp = ref[1]!.startsWith('x') ? parseInt(ref[1]!.slice(1), 16) : Number(ref[1]);
      if (cp > 0x10ffff || XML_ILLEGAL.test(String.fromCodePoint(cp))) return `a character reference to an illegal character ${t}`;
      continue;
    }
    if (!m[2]) continue;
    const attrs = [...(m[3] ?? '').matchAll(new RegExp(`(${name})\\s*=`, 'g'))].map((a) => a[1]!);
    if (new Set(attrs).size !== attrs.length) return `a repeated attribute in <${m[2]}>`;
    for (const value of (m[3] ?? '').matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const fault = xmlFault(`<a>${value[1] ?? value[2] ?? ''}</a>`);
      if (fault) return `in an attribute of <${m[2]}>: ${fault}`;
    }
    if (m[1]) {
      if (stack.pop() !== m[2]) return `</${m[2]}> does not close the open element at ${m.index}`;
    } else if (!m[4]) {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) return `<${stack[stack.length - 1]}> is never closed`;
  if (roots !== 1) return `${roots} root elements`;
  return undefined;
}
