import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { filesUnder } from '../helpers/files.js';
import { REPO } from '../helpers/project.js';
import { expectOutputMatchesManifest } from '../robustness/helpers.js';

const BIN = join(REPO, 'bin/briefkit.js');

/** Runs the real CLI in `cwd` and waits for it. */
function briefkit(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A made-up item; `n` varies its text. */
function item(n: number, extra = ''): string {
  const points = Array.from({ length: 4 }, (_, p) => `      - Point ${p + 1} of item ${n}, regional co-operation and training`).join('\n');
  return `title: Item number ${n}\ndate: 2024-0${1 + (n % 9)}-1${n % 10}\nlang: ${['en-GB', 'fr', 'de', 'ru'][n % 4]}\nsummary: A summary of item ${n} with **bold** text.\nkey_figures:\n  - { value: "${n}", label: things counted }\nsections:\n  - heading: First section\n    body: Body text of item ${n}.\n    points:\n${points}\n  - heading: Second section\n    body: More text.\nquotes:\n  - { text: A quote of item ${n}, speaker: A. Person, role: Head }\n${extra}`;
}

/** A fresh project with `count` items (and the repository's sample item when asked). */
function project(count: number, withSample = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefkit-batch-'));
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (let n = 1; n <= count; n++) writeFileSync(join(dir, 'content', `item-${String(n).padStart(2, '0')}.yaml`), item(n));
  if (withSample) writeFileSync(join(dir, 'content/sample.yaml'), readFileSync(join(REPO, 'content/osce-unodc-paris-pact-2024.yaml')));
  return dir;
}

/** Every file under a folder, relative, sorted. */

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Manifest {
  items: { id: string; source: string; status: string; outputs: { path: string; sha256: string; bytes: number }[] }[];
}

/** Spawns the CLI and resolves its exit code, collecting output; `onLine` sees stdout as it comes. */
function start(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: '', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of waiters.splice(0)) if (w.pattern.test(stdout)) w.resolve();
    else waiters.push(w);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exit,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern: RegExp, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stdout)) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stdout: ${stdout}; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

describe('build --watch', () => {
  it('rebuilds an edited item within 2 s of the save, says so, and exits 130 on SIGINT', async () => {
    const dir = project(3);
    const run = start(dir, ['build', '--watch', '--format', 'outline']);
    await run.waitFor(/watching for changes/);
    const before = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as Manifest;
    const old = before.items.find((i) => i.id === 'item-02')!.outputs[0]!.sha256;
    writeFileSync(join(dir, 'content/item-02.yaml'), item(2).replace('Item number 2', 'Item number two, edited'));
    const saved = Date.now();
    let now = old;
    // The bound: the new sha256 is in the manifest at most 2 s after the save.
    while (Date.now() - saved < 2000) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const m = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as Manifest;
        now = m.items.find((i) => i.id === 'item-02')!.outputs[0]!.sha256;
      } catch {
        // Mid-rename: read again.
      }
      if (now !== old) break;
    }
    expect(now).not.toBe(old);
    expect(now).toBe(sha(join(dir, 'out/item-02/item-02-outline.md')));
    await run.waitFor(/rebuilt item-02 \(built\)/, 30_000);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    expect(run.output().stdout).not.toMatch(/rebuilt item-01/);
    expectOutputMatchesManifest(join(dir, 'out'));
  });
});

describe('interrupts', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} in the middle of a batch exits ${code}, leaves no temporary or lock file, and the manifest matches the disk`, async () => {
      const dir = project(16);
      const run = start(dir, ['build', '--jobs', '2']);
      await run.waitFor(/\[2\/16\]/);
      run.child.kill(signal);
      expect(await run.exit).toBe(code);
      const manifest = expectOutputMatchesManifest(join(dir, 'out'));
      expect(manifest.items.length).toBeLessThan(16);
      expect(manifest.items.length).toBeGreaterThanOrEqual(2);
      // A second build finishes the job and keeps what was done.
      const again = briefkit(dir, ['build', '--jobs', '2']);
      expect(again.code).toBe(0);
      expect(expectOutputMatchesManifest(join(dir, 'out')).items.filter((i) => i.status === 'cached').length).toBe(manifest.items.length);
    }, 300_000);
  }
});

describe('the output folder', () => {
  it('two builds into one folder at once both succeed, one after the other, and leave consistent files', async () => {
    const dir = project(6);
    const a = start(dir, ['build', '--jobs', '1', '--format', 'outline,docx']);
    const b = start(dir, ['build', '--jobs', '1', '--format', 'outline,docx']);
    const [ca, cb] = await Promise.all([a.exit, b.exit]);
    expect([ca, cb]).toEqual([0, 0]);
    const manifest = expectOutputMatchesManifest(join(dir, 'out'));
    expect(manifest.items).toHaveLength(6);
  });

  it('takes over a lock left by a process that is gone, and removes the spool folder it left', () => {
    const dir = project(1);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(dir, 'out', `.briefkit-spool-${gone.stdout}-0`), { recursive: true });
    writeFileSync(join(dir, 'out', `.briefkit-spool-${gone.stdout}-0`, '7-pdf'), 'half a fact sheet');
    writeFileSync(join(dir, 'out/.briefkit.lock'), JSON.stringify({ pid: Number(gone.stdout), host: hostname(), token: 'old' }));
    const result = briefkit(dir, ['build', '--format', 'outline']);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'out/.briefkit.lock'))).toBe(false);
    expectOutputMatchesManifest(join(dir, 'out'));
  });

  it('refuses --out pointing at a file or under one with exit 2 and a clear message', () => {
    const dir = project(1);
    writeFileSync(join(dir, 'afile'), 'x');
    const at = briefkit(dir, ['build', '--out', 'afile']);
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/afile is a file, not a folder/);
    const under = briefkit(dir, ['build', '--out', 'afile/sub']);
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/lies under a file/);
    expect(under.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('reproducible', () => {
  it('gives byte-identical outputs under two time zones and --jobs 1 vs --jobs 2', () => {
    const dir = project(3, true);
    expect(briefkit(dir, ['build', '--jobs', '1', '--out', 'a'], { TZ: 'UTC' }).code).toBe(0);
    expect(briefkit(dir, ['build', '--jobs', '2', '--out', 'b'], { TZ: 'Pacific/Kiritimati', LANG: 'fr_FR.UTF-8' }).code).toBe(0);
    const files = filesUnder(join(dir, 'a')).filter((f) => f !== 'manifest.json');
    expect(files).toHaveLength(16);
    expect(filesUnder(join(dir, 'b')).filter((f) => f !== 'manifest.json')).toEqual(files);
    for (const f of files) expect(readFileSync(join(dir, 'b', f)).equals(readFileSync(join(dir, 'a', f))), f).toBe(true);
  }, 300_000);
});

describe('incremental', () => {
  it('a no-op rebuild renders nothing and touches no output; an output edited in place is rebuilt', () => {
    const dir = project(4);
    expect(briefkit(dir, ['build', '--format', 'outline,docx']).code).toBe(0);
    const docx = join(dir, 'out/item-03/item-03-briefing.docx');
    const mtime = statSync(docx).mtimeMs;
    const second = briefkit(dir, ['build', '--format', 'outline,docx']);
    expect(second.stdout).toContain('0 built, 4 cached');
    expect(statSync(docx).mtimeMs).toBe(mtime);
    // Same size, different bytes, newer than the manifest: caught by its sha256.
    const outline = join(dir, 'out/item-02/item-02-outline.md');
    const text = readFileSync(outline, 'utf8');
    writeFileSync(outline, text.replace('Item number 2', 'Item numbex 2'));
    const third = briefkit(dir, ['build', '--format', 'outline,docx']);
    expect(third.stdout).toContain('1 built, 3 cached');
    expect(readFileSync(outline, 'utf8')).toBe(text);
  });
});

describe('reporters', () => {
  it('json prints the manifest on stdout; github prints ::error lines and writes the job summary', () => {
    const dir = project(2);
    writeFileSync(join(dir, 'content/bad.yaml'), 'title: x\ndate: 2024-01-01\nsumary: y\n');
    const json = briefkit(dir, ['build', '--format', 'outline', '--reporter', 'json']);
    expect(json.code).toBe(1);
    const manifest = JSON.parse(json.stdout) as Manifest;
    expect(manifest.items.map((i) => [i.source, i.status])).toEqual([
      ['content/bad.yaml', 'failed'],
      ['content/item-01.yaml', 'built'],
      ['content/item-02.yaml', 'built'],
    ]);
    const summary = join(dir, 'summary.md');
    const github = briefkit(dir, ['build', '--format', 'outline', '--reporter', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(github.stdout).toMatch(/^::error file=content\/bad\.yaml,line=3,col=1::/m);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('| built | cached | failed | time |');
    expect(text).toContain('`content/bad.yaml`');
  });

  it('text prints plain lines without colour under CI or NO_COLOR, and colours with FORCE_COLOR', () => {
    const dir = project(2);
    const plain = briefkit(dir, ['build', '--format', 'outline'], { CI: 'true' });
    expect(plain.stdout).toMatch(/^\[1\/2\] ✓ built {2}item-0[12] {2}\(outline\)$/m);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout).toMatch(/slowest/);
    const coloured = briefkit(dir, ['build', '--format', 'outline', '--force'], { FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001b[32m');
    const none = briefkit(dir, ['build', '--format', 'outline', '--force'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(none.stdout).not.toContain('\u001b[');
  });
});

/** The `run:` / `script:` commands of the CI examples, as shell text. */
function ciSteps(): { github: { build: string; merge: string }; gitlab: { build: string[]; merge: string[] } } {
  const gh = parseYaml(readFileSync(join(REPO, 'examples/ci/github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: { name?: string; run?: string }[] }> };
  const gl = parseYaml(readFileSync(join(REPO, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, { script?: string[] }>;
  const step = (job: string, name: string) => gh.jobs[job]!.steps.find((s) => s.name === name)!.run!;
  return {
    github: { build: step('build', 'Build shard'), merge: step('merge', 'Merge') },
    gitlab: { build: gl['briefkit:build']!.script!.filter((l) => l.includes('briefkit')), merge: gl['briefkit:merge']!.script!.filter((l) => !l.startsWith('npm ')) },
  };
}

describe('the CI examples', () => {
  const steps = ciSteps();
  // `npx briefkit` is this checkout's bin.
  const local = (command: string) => command.replace(/npx briefkit/g, `"${process.execPath}" "${BIN}"`);
  const sh = (cwd: string, command: string, env: NodeJS.ProcessEnv) => {
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', local(command)], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
    expect(result.status, `${command}\n${result.stderr}`).toBe(0);
  };

  for (const system of ['github', 'gitlab'] as const) {
    it(`${system}: shards 1..3 then the merge equal a single build (manifest apart from timings, and every file)`, () => {
      const dir = project(5, true);
      expect(briefkit(dir, ['build', '--out', 'single']).code).toBe(0);
      for (let shard = 1; shard <= 3; shard++) {
        const env = system === 'github' ? { SHARD: String(shard), SHARDS: '3' } : { CI_NODE_INDEX: String(shard), CI_NODE_TOTAL: '3' };
        const commands = system === 'github' ? [steps.github.build] : steps.gitlab.build;
        for (const command of commands) sh(dir, command, env);
      }
      const built = [1, 2, 3].flatMap((s) => (JSON.parse(readFileSync(join(dir, 'shards', String(s), 'manifest.json'), 'utf8')) as Manifest).items.map((i) => i.id));
      // Every item exactly once across the shards.
      expect([...built].sort()).toEqual((JSON.parse(readFileSync(join(dir, 'single/manifest.json'), 'utf8')) as Manifest).items.map((i) => i.id).sort());
      for (const command of system === 'github' ? [steps.github.merge] : steps.gitlab.merge) sh(dir, command, {});
      const merged = expectOutputMatchesManifest(join(dir, 'out'));
      const single = expectOutputMatchesManifest(join(dir, 'single'));
      expect(merged.items).toEqual(single.items);
      expect(filesUnder(join(dir, 'out'))).toEqual(filesUnder(join(dir, 'single')));
      for (const f of filesUnder(join(dir, 'single'))) if (f !== 'manifest.json') expect(readFileSync(join(dir, 'out', f)).equals(readFileSync(join(dir, 'single', f))), f).toBe(true);
      // The next push: each shard restores its own folder (the cache) and rebuilds nothing.
      for (let shard = 1; shard <= 3; shard++) {
        const env = system === 'github' ? { SHARD: String(shard), SHARDS: '3' } : { CI_NODE_INDEX: String(shard), CI_NODE_TOTAL: '3' };
        sh(dir, system === 'github' ? steps.github.build : steps.gitlab.build.join('\n'), env);
        const m = JSON.parse(readFileSync(join(dir, 'shards', String(shard), 'manifest.json'), 'utf8')) as Manifest;
        expect(m.items.every((i) => i.status === 'cached'), `shard ${shard}`).toBe(true);
      }
    }, 600_000);
  }
});
