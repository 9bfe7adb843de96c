#!/usr/bin/env node
// `npm run bench`: measures briefkit against its peers in one run and writes
// bench/RESULTS.md (commit, Node version, cores, load, every command). Not
// part of `npm test`. Needs pandoc and /usr/bin/time; takes several minutes.
//
// BENCH_ITEMS (default 1000) scales the batch; BENCH_QUICK=1 shrinks every
// count for a dry run (its RESULTS.md says so).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin/briefkit.js');
const quick = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_ITEMS ?? (quick ? 40 : 1000));
const N300 = Math.min(N, quick ? 20 : 300);
const N150 = Math.min(N, quick ? 15 : 150);
const N100 = Math.min(N, quick ? 10 : 100);
const WARM_N = quick ? 10 : 60;
const PEER_N = quick ? 10 : 60;
const work = join(tmpdir(), 'briefkit-bench');
const log = [];
const say = (text) => {
  process.stderr.write(`${text}\n`);
};

function sh(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }).trim();
}

/**
 * The environment of every measured process: this one's, less
 * NODE_EXTRA_CA_CERTS. Given that variable, Node builds its whole root
 * certificate store at start-up, before any of our code runs (parsing its own
 * ~140 roots and every certificate in the file: +40 ms for `node -e 0` with
 * a 220 kB bundle). Sandboxes behind a TLS proxy set it; a developer's
 * machine or a CI runner normally does not, and briefkit never opens a TLS
 * connection. The cold-start rows are also measured with it (see `withCaCerts`).
 */
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
const measuredEnv = { ...process.env };
delete measuredEnv.NODE_EXTRA_CA_CERTS;

/** Runs a command as a whole process under /usr/bin/time: wall seconds, peak RSS (MB) and CPU seconds. */
function timed(label, cmd, args, cwd, env = measuredEnv) {
  const display = `${[cmd, ...args].map((a) => (a.startsWith(repo) ? a.replace(repo, '') : a)).join(' ')}`;
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { cwd, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [kb, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`${display} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  log.push({ label, command: `(cd ${cwd === work ? '$BENCH' : cwd}; ${display})`, wall });
  say(`  ${label}: ${wall.toFixed(2)} s, ${(kb / 1024).toFixed(0)} MB`);
  return { wall, rssMb: kb / 1024, cpu: user + sys, stdout: r.stdout, status: r.status };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The run with the median wall time. */
const medianRun = (runs) => [...runs].sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)];

/** A project folder holding the first `count` generated items (and the shared images). */
function project(name, count) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'content'), { recursive: true });
  cpSync(join(work, 'all/content/images'), join(dir, 'content/images'), { recursive: true });
  for (let i = 1; i <= count; i++) {
    const id = `item-${String(i).padStart(4, '0')}`;
    cpSync(join(work, 'all/content', `${id}.yaml`), join(dir, 'content', `${id}.yaml`));
  }
  symlinkPeers(dir);
  return dir;
}

function symlinkPeers(dir) {
  cpSync(join(work, 'all/peers'), join(dir, 'peers'), { recursive: true });
}

function manifestOf(dir, out = 'out') {
  return JSON.parse(readFileSync(join(dir, out, 'manifest.json'), 'utf8'));
}

function counts(manifest) {
  const c = { built: 0, cached: 0, failed: 0 };
  for (const item of manifest.items) c[item.status]++;
  return c;
}

// ---------------------------------------------------------------- machine
say('briefkit bench: building dist/');
try {
  sh('npm', ['run', 'build'], { cwd: repo });
} catch (thrown) {
  say(`npm run build failed; measuring the dist/ it left: ${String(thrown.stderr ?? thrown).slice(0, 500)}`);
}
const commit = sh('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo });
const dirty = sh('git', ['status', '--porcelain', '--', 'src', 'bench', 'templates', 'package.json'], { cwd: repo }) !== '';
const machine = {
  commit: `${commit}${dirty ? ' (with uncommitted changes in src/ or bench/)' : ''}`,
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  pandoc: sh('pandoc', ['--version']).split('\n')[0],
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  loadBefore: loadavg().map((l) => l.toFixed(2)).join(' '),
};
say(`machine: ${JSON.stringify(machine)}`);

// ---------------------------------------------------------------- items
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const generated = generate(join(work, 'all'), N);
say(`generated ${N} items (${generated.wordsPerItem} words each on average) in ${work}`);
const results = {};

// ---------------------------------------------------------------- cold start, 1 item
{
  say('cold build of one item');
  const dir = project('one', 1);
  const runs = quick ? 3 : 7;
  /** Median wall times of the three cold builds and of `node -e 0`, in `env`, each run `runs` times in turn. */
  const coldRows = (env, suffix = '') => {
    const rows = { all: [], pdf: [], outline: [], node: [] };
    for (let i = 0; i < runs; i++) {
      rows.all.push(timed(`cold 1 item, 4 formats${suffix}`, process.execPath, [bin, 'build', '--force', '-q'], dir, env).wall);
      rows.pdf.push(timed(`cold 1 item, pdf${suffix}`, process.execPath, [bin, 'build', '--force', '-q', '--format', 'pdf'], dir, env).wall);
      rows.outline.push(timed(`cold 1 item, outline${suffix}`, process.execPath, [bin, 'build', '--force', '-q', '--format', 'outline'], dir, env).wall);
    }
    for (let i = 0; i < runs; i++) rows.node.push(timed(`node -e 0${suffix}`, process.execPath, ['-e', '0'], dir, env).wall);
    const range = (xs) => [Math.min(...xs), Math.max(...xs)];
    return { all: median(rows.all), pdf: median(rows.pdf), outline: median(rows.outline), node: median(rows.node), ranges: { all: range(rows.all), pdf: range(rows.pdf), outline: range(rows.outline) } };
  };
  results.cold = { ...coldRows(measuredEnv), runs };
  // The same rows in this process's own environment, for comparison.
  if (extraCaCerts !== undefined) results.withCaCerts = coldRows({ ...measuredEnv, NODE_EXTRA_CA_CERTS: extraCaCerts }, ', with NODE_EXTRA_CA_CERTS');
}

// ---------------------------------------------------------------- batch of N × 4
const batch = project('batch', N);
{
  say(`batch: ${N} items × 4 formats`);
  const j1 = timed(`${N} × 4, --jobs 1`, process.execPath, [bin, 'build', '--force', '-q', '--jobs', '1', '--out', 'out-j1'], batch);
  // The --jobs 2 builds of N and of N100 items run in turn, three times each
  // (one run each measured peak RSS growth from 17% to 29% on this shared
  // machine for the same code): the median wall time and the median peak of
  // each size count, and the table shows the spread.
  const small = project('batch100', N100);
  const j2Runs = [];
  const r100Runs = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    j2Runs.push(timed(`${N} × 4, --jobs 2`, process.execPath, [bin, 'build', '--force', '-q', '--jobs', '2'], batch));
    r100Runs.push(timed(`${N100} × 4, --jobs 2`, process.execPath, [bin, 'build', '--force', '-q', '--jobs', '2'], small));
  }
  const m = manifestOf(batch);
  const c = counts(m);
  // Both builds must agree byte for byte (reproducibility across --jobs).
  const m1 = manifestOf(batch, 'out-j1');
  const same = JSON.stringify(m1.items.map((i) => i.outputs)) === JSON.stringify(m.items.map((i) => i.outputs));
  rmSync(join(batch, 'out-j1'), { recursive: true, force: true });
  results.batch = { j1, j2Runs, r100Runs, c, same };

  say('no-op rebuild and one changed item');
  const noop = [];
  for (let i = 0; i < 3; i++) noop.push(timed(`no-op rebuild of ${N}`, process.execPath, [bin, 'build', '-q'], batch));
  const noopCounts = counts(manifestOf(batch));
  const file = join(batch, 'content/item-0007.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: "/m, 'title: "Changed: '));
  const one = timed(`one changed item among ${N}`, process.execPath, [bin, 'build', '-q'], batch);
  const oneCounts = counts(manifestOf(batch));
  results.incremental = { noop: median(noop.map((r) => r.wall)), noopRss: Math.max(...noop.map((r) => r.rssMb)), noopCounts, one: one.wall, oneCounts };
}

// ---------------------------------------------------------------- pandoc peer over the same N items
{
  say(`pandoc loop: ${N} items → docx and pptx`);
  const peers = join(work, 'pandoc-out');
  mkdirSync(peers, { recursive: true });
  const perDocx = [];
  const perPptx = [];
  const started = process.hrtime.bigint();
  for (let i = 1; i <= N; i++) {
    const id = `item-${String(i).padStart(4, '0')}`;
    let s = process.hrtime.bigint();
    execFileSync('pandoc', [join(batch, 'peers/md', `${id}.md`), '-o', join(peers, `${id}.docx`)], { cwd: join(batch, 'peers/md') });
    perDocx.push(Number(process.hrtime.bigint() - s) / 1e6);
    s = process.hrtime.bigint();
    // The pptx peer reads the same slide outline briefkit wrote for the item.
    execFileSync('pandoc', [join(batch, 'out', id, `${id}-outline.md`), '-o', join(peers, `${id}.pptx`)], { cwd: join(batch, 'out', id) });
    perPptx.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  log.push({ label: `pandoc loop over ${N} items`, command: 'for each item: pandoc peers/md/ID.md -o ID.docx; pandoc out/ID/ID-outline.md -o ID.pptx', wall });
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  results.pandoc = { wall, docxMs: mean(perDocx), pptxMs: mean(perPptx) };
  say(`  pandoc loop: ${wall.toFixed(1)} s (docx ${mean(perDocx).toFixed(0)} ms, pptx ${mean(perPptx).toFixed(0)} ms an item)`);
}

// ---------------------------------------------------------------- 300 × 4 vs pandoc md → docx over the same 300
{
  say(`${N300} items × 4 vs pandoc → docx`);
  const dir = project('batch300', N300);
  const ours = timed(`${N300} × 4, --jobs 2 --force`, process.execPath, [bin, 'build', '--force', '-q', '--jobs', '2'], dir);
  const started = process.hrtime.bigint();
  for (let i = 1; i <= N300; i++) {
    const id = `item-${String(i).padStart(4, '0')}`;
    execFileSync('pandoc', [`${id}.md`, '-o', `${id}.docx`], { cwd: join(dir, 'peers/md') });
  }
  const pandoc = Number(process.hrtime.bigint() - started) / 1e9;
  log.push({ label: `pandoc md→docx loop over ${N300}`, command: 'for each item: (cd peers/md; pandoc ID.md -o ID.docx)', wall: pandoc });
  results.b300 = { ours, pandoc };
}

// ---------------------------------------------------------------- issue 3: the fact sheet vs pdfkit floor and Typst
{
  say('PDF: per item (warm) and 150 items (whole process)');
  const warm = (args) => JSON.parse(sh(process.execPath, [join(repo, 'bench/warm.mjs'), ...args], { cwd: repo, env: measuredEnv }));
  const ours = warm(['briefkit', batch, 'pdf', String(WARM_N)]);
  const floor = warm(['floor', batch, String(WARM_N)]);
  const typst = warm(['typst', batch, String(WARM_N)]);
  log.push({ label: 'PDF per item, warm', command: `node bench/warm.mjs briefkit|floor|typst $BENCH/batch pdf ${WARM_N}`, wall: 0 });
  const dir = project('pdf150', N150);
  // Three runs of each, in turn; the run with the median wall time of each counts.
  const runs150 = quick ? 1 : 3;
  const oursRuns = [];
  const typstRuns = [];
  for (let i = 0; i < runs150; i++) {
    oursRuns.push(timed(`${N150} PDFs, briefkit --format pdf --jobs 1`, process.execPath, [bin, 'build', '--force', '-q', '--format', 'pdf', '--jobs', '1'], dir));
    typstRuns.push(timed(`${N150} PDFs, Typst in one Node process`, process.execPath, [join(repo, 'bench/warm.mjs'), 'typst-batch', dir, String(N150), join(dir, 'typst-out')], repo));
  }
  const ours150 = medianRun(oursRuns);
  const typst150 = medianRun(typstRuns);
  const ourPages = manifestOf(dir).items.length;
  results.pdf = { ours, floor, typst, ours150, typst150, runs150, typstPages: JSON.parse(typst150.stdout).pages, ourItems: ourPages };
}

// ---------------------------------------------------------------- issues 4 and 5: DOCX and PPTX per item vs pandoc
{
  say('DOCX and PPTX per item (warm) vs pandoc per item');
  const warm = (args) => JSON.parse(sh(process.execPath, [join(repo, 'bench/warm.mjs'), ...args], { cwd: repo, env: measuredEnv }));
  const docx = warm(['briefkit', batch, 'docx', String(WARM_N)]);
  const pptx = warm(['briefkit', batch, 'pptx', String(WARM_N)]);
  log.push({ label: 'DOCX/PPTX per item, warm', command: `node bench/warm.mjs briefkit $BENCH/batch docx|pptx ${WARM_N}`, wall: 0 });
  results.ooxml = { docx, pptx, peerN: PEER_N };
}

// ---------------------------------------------------------------- RESULTS.md
const r = results;
const ratio = (a, b) => (b > 0 ? a / b : NaN);
const verdict = (ok) => (ok ? '**met**' : '**missed**');
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
const spread = ([min, max]) => `${f2(min)}–${f2(max)}`;
const itemsPerS = (n, s) => f1(n / s);
const j2 = medianRun(r.batch.j2Runs);
const rss = { big: median(r.batch.j2Runs.map((run) => run.rssMb)), small: median(r.batch.r100Runs.map((run) => run.rssMb)) };
const growth = (rss.big - rss.small) / rss.small;
const mbList = (runs) => runs.map((run) => run.rssMb.toFixed(0)).join(', ');
const speedup = ratio(r.pandoc.wall, j2.wall);
const speedup300 = ratio(r.b300.pandoc, r.b300.ours.wall);
const pdfRatio = ratio(r.pdf.ours150.wall, r.pdf.typst150.wall);
const docxRatio = ratio(r.pandoc.docxMs, r.ooxml.docx.meanMs);
const pptxRatio = ratio(r.pandoc.pptxMs, r.ooxml.pptx.meanMs);
machine.loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');

const md = `# briefkit benchmark results

Written by \`npm run bench\` (bench/run.mjs)${quick ? ' — **a quick dry run (BENCH_QUICK=1), counts reduced: not the real measurement**' : ''}. Do not edit by hand.

| machine | |
|---|---|
| commit | ${machine.commit} |
| Node | ${machine.node} |
| cores | ${machine.cores} (${machine.cpu}), ${machine.memory} |
| pandoc | ${machine.pandoc} |
| date | ${machine.date} |
| load average (1/5/15 min) before → after | ${machine.loadBefore} → ${machine.loadAfter} |

The machine is shared: other processes ran during the measurement (see the
load average), so wall times are pessimistic and noisy. Ratios against the
peers are measured in the same run, under the same load.
${extraCaCerts !== undefined ? `
This machine's environment sets \`NODE_EXTRA_CA_CERTS\` (a TLS proxy's
certificate bundle). Given it, Node builds its whole root certificate store
when it starts, before any of briefkit's code runs. Every measured process
runs without it (\`env -u NODE_EXTRA_CA_CERTS\`), as on a developer's
machine or a CI runner; the cold-start rows are also given with it.
` : ''}
Items: ${N} generated by \`bench/generate.mjs\` (seed 20240417), ~${generated.wordsPerItem} words each,
five languages, four key figures, 3–4 sections, two quotes, every 10th with a figure;
their fact sheets average ${r.pdf.ours.meanPages} pages (Typst: ${r.pdf.typst.meanPages}; Helvetica floor: ${r.pdf.floor.meanPages}).

## Issue 6: batch builds

| measurement | result | target | |
|---|---|---|---|
| cold build, 1 item, 4 formats (whole process, median of ${r.cold.runs}; fastest–slowest run) | ${f2(r.cold.all)} s (${spread(r.cold.ranges.all)}) | < 0.6 s (goal 0.5 s) | ${verdict(r.cold.all < 0.6)} |
| cold build, 1 item, \`--format pdf\` | ${f2(r.cold.pdf)} s (${spread(r.cold.ranges.pdf)}) | < 0.3 s (goal 0.25 s) | ${verdict(r.cold.pdf < 0.3)} |
| cold build, 1 item, \`--format outline\` | ${f2(r.cold.outline)} s (${spread(r.cold.ranges.outline)}) | < 0.3 s | ${verdict(r.cold.outline < 0.3)} |
| \`node -e 0\` on this machine now | ${f2(r.cold.node)} s | | |
${r.withCaCerts ? `| the four rows above with this machine's \`NODE_EXTRA_CA_CERTS\` (see above) | ${f2(r.withCaCerts.all)} s, ${f2(r.withCaCerts.pdf)} s, ${f2(r.withCaCerts.outline)} s; \`node -e 0\` ${f2(r.withCaCerts.node)} s | | |
` : ''}| ${N} × 4, \`--jobs 1\` | ${f1(r.batch.j1.wall)} s, ${itemsPerS(N, r.batch.j1.wall)} items/s, peak RSS ${r.batch.j1.rssMb.toFixed(0)} MB | | |
| ${N} × 4, \`--jobs 2\` (median of ${r.batch.j2Runs.length}: ${r.batch.j2Runs.map((run) => f1(run.wall)).join(', ')} s) | ${f1(j2.wall)} s, ${itemsPerS(N, j2.wall)} items/s, peak RSS ${rss.big.toFixed(0)} MB | < 15 s (goal) | ${verdict(j2.wall < 15)} |
| pandoc loop, same ${N} items, docx + pptx (sequential) | ${f1(r.pandoc.wall)} s (docx ${r.pandoc.docxMs.toFixed(0)} ms, pptx ${r.pandoc.pptxMs.toFixed(0)} ms an item) | | |
| speed-up of \`--jobs 2\` over the pandoc loop | ${f1(speedup)}× | ≥ 8× | ${verdict(speedup >= 8)} |
| ${N300} × 4, \`--jobs 2 --force\` (bin, whole process) | ${f1(r.b300.ours.wall)} s | | |
| pandoc md → docx loop, same ${N300} | ${f1(r.b300.pandoc)} s | | |
| speed-up | ${f1(speedup300)}× | ≥ 3.5× | ${verdict(speedup300 >= 3.5)} |
| peak RSS, ${N100} → ${N} items (\`--jobs 2\`; medians, each size run ${r.batch.j2Runs.length}× in turn: ${mbList(r.batch.r100Runs)} → ${mbList(r.batch.j2Runs)} MB) | ${rss.small.toFixed(0)} → ${rss.big.toFixed(0)} MB (${(growth * 100).toFixed(0)}%) | < 400 MB, growth < 20% | ${verdict(Math.max(...r.batch.j2Runs.map((run) => run.rssMb)) < 400 && growth < 0.2)} |
| no-op rebuild of ${N} (median of 3) | ${f2(r.incremental.noop)} s (${r.incremental.noopCounts.cached} cached, ${r.incremental.noopCounts.built} built) | < 1 s | ${verdict(r.incremental.noop < 1 && r.incremental.noopCounts.built === 0)} |
| one changed item among ${N} | ${f2(r.incremental.one)} s (${r.incremental.oneCounts.built} built, ${r.incremental.oneCounts.cached} cached) | only that item | ${verdict(r.incremental.oneCounts.built === 1)} |
| \`--jobs 1\` and \`--jobs 2\` outputs identical (sha256 of every output) | ${r.batch.same ? 'yes' : 'NO'} | | ${verdict(r.batch.same)} |

Peak RSS is the whole process (the render workers are threads of it), from
\`/usr/bin/time -f %M\`.

## Issue 3: the fact sheet against pdfkit (floor) and Typst

| | per item, warm process (mean of ${WARM_N}) | pages | ${N150} items, whole process (median of ${r.pdf.runs150}, run in turn) |
|---|---|---|---|
| briefkit fact sheet (prepare + merge + parse + layout + render) | ${f1(r.pdf.ours.meanMs)} ms | ${r.pdf.ours.meanPages} | ${f2(r.pdf.ours150.wall)} s (\`build --format pdf --jobs 1 --force\`) |
| pdfkit, Helvetica, same text, no layout (floor) | ${f1(r.pdf.floor.meanMs)} ms | ${r.pdf.floor.meanPages} | |
| Typst (typst-ts-node-compiler 0.7.0, Noto Sans, A4, 2 columns, 10 pt) | ${f1(r.pdf.typst.meanMs)} ms | ${r.pdf.typst.meanPages} | ${f2(r.pdf.typst150.wall)} s (one Node process, ${r.pdf.typstPages} pages) |

Target: the ${N150}-item build at most 1.5× Typst's time: ${f2(pdfRatio)}× — ${verdict(pdfRatio <= 1.5)}.

## Issue 4: DOCX per item against pandoc

briefkit (warm, prepare + merge + parse + render): ${f1(r.ooxml.docx.meanMs)} ms an item; pandoc md → docx: ${r.pandoc.docxMs.toFixed(0)} ms an item (a process each, mean over ${N}).
Ratio ${f1(docxRatio)}× — target ≥ 8×: ${verdict(docxRatio >= 8)}.

## Issue 5: PPTX per item against pandoc

briefkit (warm, prepare + merge + parse + render): ${f1(r.ooxml.pptx.meanMs)} ms an item; pandoc outline → pptx: ${r.pandoc.pptxMs.toFixed(0)} ms an item (a process each, mean over ${N}).
Ratio ${f1(pptxRatio)}× — target ≥ 20×: ${verdict(pptxRatio >= 20)}.

## Commands

\`$BENCH\` is ${work}; \`bin/…\` is this checkout's. Each whole-process time is wall-clock under \`/usr/bin/time\`${extraCaCerts !== undefined ? ', in the environment less `NODE_EXTRA_CA_CERTS`' : ''}.

${log.map((l) => `- ${l.label}: \`${l.command}\``).filter((v, i, a) => a.indexOf(v) === i).join('\n')}
`;
const analysisFile = join(repo, 'bench/ANALYSIS.md');
const analysis = existsSync(analysisFile) ? `\n${readFileSync(analysisFile, 'utf8')}` : '';
writeFileSync(join(repo, 'bench/RESULTS.md'), md + analysis);
say(`wrote bench/RESULTS.md`);
process.stdout.write(md);
