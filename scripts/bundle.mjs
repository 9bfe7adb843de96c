// Bundles the compiled CLI (dist/cli/main.js), the early start bin/briefkit.js
// runs before it (dist/cli/early.js, which shares the render pool's module with
// the CLI) and the render worker (dist/build/render-worker.js) into
// dist/bundle/ with esbuild, so a cold start
// reads a few files instead of resolving and compiling ~600 modules.
// Renderers stay in their own chunks (loaded on first use), so `--help` and
// `validate` never parse pdfkit or docx. bin/briefkit.js uses the bundle only
// when it is newer than dist/cli/main.js, so a plain `tsc` (as the test setup
// runs) can never leave a stale bundle in use. Without esbuild (installs that
// omit dev dependencies) this step is skipped and the unbundled dist/ is used.
import { createRequire } from 'node:module';
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('briefkit: esbuild is not installed; skipping the bundle (the unbundled dist/ works, only slower to start)\n');
  process.exit(0);
}

// fontkit imports brotli only to read WOFF2 fonts, which briefkit never
// embeds; bundled eagerly, its 1.3 MB dictionary would be parsed by every PDF
// worker. The shim loads the real module from node_modules on first call.
const lazyBrotli = {
  name: 'lazy-brotli',
  setup(build) {
    // The shim's own require() stays a run-time require of the real module.
    build.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, (args) =>
      args.namespace === 'lazy-brotli' ? { path: args.path, external: true } : { path: 'brotli-decompress', namespace: 'lazy-brotli' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-brotli' }, () => ({
      contents: "let real; export default function decompress(...args) { real ??= require('brotli/decompress.js'); return real(...args); }",
      loader: 'js',
    }));
  },
};

// pdfkit imports AES from @noble/ciphers only to encrypt PDFs (briefkit never
// does) and linebreak only for its own text() layout (briefkit lays out its
// own lines): evaluated eagerly, they build AES tables and inflate a Unicode
// line-break trie (~25 ms) in every cold process that makes a fact sheet.
// Their shims load the real modules from node_modules on first use, so the
// behaviour is unchanged if pdfkit ever calls them.
const lazyPdfkitExtras = {
  name: 'lazy-pdfkit-extras',
  setup(build) {
    const shim = (name) => (args) =>
      args.namespace === 'lazy-pdfkit-extras' ? { path: args.path, external: true } : args.importer.includes('/pdfkit/') ? { path: name, namespace: 'lazy-pdfkit-extras' } : undefined;
    build.onResolve({ filter: /^@noble\/ciphers\/aes(\.js)?$/ }, shim('noble-aes'));
    build.onResolve({ filter: /^linebreak$/ }, shim('linebreak'));
    build.onLoad({ filter: /^noble-aes$/, namespace: 'lazy-pdfkit-extras' }, () => ({
      contents: "let real; const aes = () => (real ??= require('@noble/ciphers/aes')); export function cbc(...args) { return aes().cbc(...args); } export function ecb(...args) { return aes().ecb(...args); }",
      loader: 'js',
    }));
    build.onLoad({ filter: /^linebreak$/, namespace: 'lazy-pdfkit-extras' }, () => ({
      contents: "let Real; export default function LineBreaker(...args) { Real ??= require('linebreak'); return new Real(...args); }",
      loader: 'js',
    }));
  },
};

// fontkit builds three Unicode tries when it loads (Arabic joining, Indic and
// Universal shaping categories), inflating each (~6 ms together in a cold
// process), though only its shapers for those scripts read them. The shim
// keeps the compressed bytes and builds the real trie (the package itself,
// bundled as before) on first get(), the only method fontkit calls on them.
// (unicode-properties' trie is not deferred: fontkit reads it for every glyph
// it makes, to tell marks.)
const lazyFontkitTries = {
  name: 'lazy-fontkit-tries',
  setup(build) {
    build.onResolve({ filter: /^unicode-trie$/ }, (args) =>
      // The shim's own import is the real package, bundled as before (resolved from the importer's folder).
      args.namespace === 'lazy-fontkit-tries' || !/[\\/]fontkit[\\/]/.test(args.importer)
        ? undefined
        : { path: 'unicode-trie', namespace: 'lazy-fontkit-tries', pluginData: { resolveDir: dirname(args.importer) } },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-fontkit-tries' }, (args) => ({
      contents:
        "import Real from 'unicode-trie'; export default class LazyUnicodeTrie { #bytes; #real; constructor(bytes) { this.#bytes = bytes; } get(codePoint) { if (!this.#real) { this.#real = new Real(this.#bytes); this.#bytes = undefined; } return this.#real.get(codePoint); } }",
      loader: 'js',
      resolveDir: args.pluginData.resolveDir,
    }));
  },
};

// fontkit is loaded only when a font needs it (src/render/pdf/fontkit-load.ts):
// a fact sheet in the bundled fonts whose words all take the fast shaping
// path never does. It is bundled as an entry of its own (dist/bundle/fontkit.js,
// with the lazy brotli and tries above), which the bundle's fontkit-load
// module loads synchronously (require() of an ES module, Node 20.19 and
// later) or, where Node cannot, fontkit's CommonJS build from node_modules.
// pdfkit imports fontkit only to parse font bytes, which briefkit never hands
// it: its import goes through the same loader.
const lazyFontkit = {
  name: 'lazy-fontkit',
  setup(build) {
    const loader = `${root}dist/render/pdf/fontkit-load.js`;
    build.onResolve({ filter: /^briefkit-fontkit-entry$/ }, () => ({ path: 'fontkit-entry', namespace: 'lazy-fontkit' }));
    build.onLoad({ filter: /^fontkit-entry$/, namespace: 'lazy-fontkit' }, () => ({ contents: "export { create } from 'fontkit';", loader: 'js', resolveDir: root }));
    const fromLoader = (args) => args.importer === loader;
    // The loader's own require() calls stay run-time calls.
    build.onResolve({ filter: /^\.\/load-module\.cjs$/ }, (args) => (fromLoader(args) ? { path: args.path, external: true } : undefined));
    build.onResolve({ filter: /^fontkit$/ }, (args) =>
      fromLoader(args) ? { path: args.path, external: true } : /[\\/]pdfkit[\\/]/.test(args.importer) ? { path: 'pdfkit-fontkit', namespace: 'lazy-fontkit' } : undefined,
    );
    build.onLoad({ filter: /^pdfkit-fontkit$/, namespace: 'lazy-fontkit' }, () => ({
      contents: `import { loadFontkit } from ${JSON.stringify(loader)}; export function create(...args) { return loadFontkit().create(...args); }`,
      loader: 'js',
      resolveDir: root,
    }));
    build.onLoad({ filter: /[\\/]dist[\\/]render[\\/]pdf[\\/]fontkit-load\.js$/ }, () => ({
      contents: [
        'let fontkit;',
        "const load = () => require('./load-module.cjs').loadModuleSync(new URL('./fontkit.js', import.meta.url)) ?? require('fontkit');",
        'export function loadFontkit() { return (fontkit ??= load()); }',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// commander loads the child-process module at startup only to run
// executable subcommands (briefkit has none), and with it net, dgram and
// more (~5 ms of every cold start): scripts/lazy/child-process.cjs stands in
// for it there and loads it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    const shim = fileURLToPath(new URL('./lazy/child-process.cjs', import.meta.url));
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer === shim ? { path: args.path, external: true } : /[\\/]commander[\\/]/.test(args.importer) ? { path: shim } : undefined,
    );
  },
};

// unicode-properties builds its trie when it loads: base64, then inflated
// twice (97 kB), 14–17 ms of every cold process that sets a fact sheet
// (fontkit reads it for every glyph it makes, to tell marks). The bundle
// carries the trie already inflated, which unicode-trie takes as pre-parsed
// data; the code that goes into the bundle is run here, and its trie checked
// against the package's own for every code point.
const preparsedUnicodeTrie = {
  name: 'preparsed-unicode-trie',
  setup(build) {
    build.onLoad({ filter: /[\\/]unicode-properties[\\/]dist[\\/]module\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = /new \(0, (\$[\w$]+)\)\(\(0, \$[\w$]+\)\.toByteArray\("([A-Za-z0-9+/=]+)"\)\)/g;
      const found = [...source.matchAll(call)];
      if (found.length !== 1) {
        return { contents: source, loader: 'js', warnings: [{ text: `unicode-properties: expected one trie, found ${found.length}; bundled as it is` }] };
      }
      const [whole, trieClass, base64] = found[0];
      const require = createRequire(args.path);
      const UnicodeTrie = require(require.resolve('unicode-trie', { paths: [dirname(args.path)] }));
      const original = new UnicodeTrie(Buffer.from(base64, 'base64'));
      const bytes = new Uint8Array(original.data.length * 4);
      const view = new DataView(bytes.buffer);
      original.data.forEach((value, i) => view.setUint32(i * 4, value, true));
      const loader = `(() => { const bytes = Buffer.from(${JSON.stringify(Buffer.from(bytes).toString('base64'))}, 'base64'); const data = new Uint32Array(bytes.length / 4); if (new Uint8Array(new Uint32Array([1]).buffer)[0] === 1) new Uint8Array(data.buffer).set(bytes); else { const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length); for (let i = 0; i < data.length; i++) data[i] = view.getUint32(i * 4, true); } return { data, highStart: ${original.highStart}, errorValue: ${original.errorValue} }; })()`;
      const preparsed = new UnicodeTrie(new Function(`return ${loader}`)());
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        if (preparsed.get(cp) !== original.get(cp)) throw new Error(`unicode-properties: the pre-parsed trie differs at U+${cp.toString(16)}`);
      }
      return { contents: source.replace(whole, `new (0, ${trieClass})(${loader})`), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// A chunk's lazy import of another chunk (a renderer, the build, …) goes
// through Node's ESM loader, which reads each file on the thread pool: a
// cold build made ~350 trips through the event loop and sat idle ~20 ms
// between them. So each chunk loads the others through bin/load-module.cjs
// (synchronously where Node can), copied next to the chunks, as
// bin/briefkit.js loads the CLI.
const LOAD_CHUNK =
  "const { loadModule: __briefkitLoadModule } = require('./load-module.cjs'); const __briefkitLoadChunk = (specifier) => __briefkitLoadModule(new URL(specifier, import.meta.url));";

/** Rewrites each chunk's `import("./other.js")` of a sibling chunk to `__briefkitLoadChunk("./other.js")`. */
async function loadChunksSynchronously(dir) {
  let rewritten = 0;
  for (const name of (await readdir(dir)).filter((file) => file.endsWith('.js'))) {
    const path = `${dir}/${name}`;
    const code = await readFile(path, 'utf8');
    const next = code.replace(/\bimport\((["'])(\.\/[\w-]+\.js)\1\)/g, (_, quote, specifier) => {
      rewritten++;
      return `__briefkitLoadChunk(${quote}${specifier}${quote})`;
    });
    if (next !== code) await writeFile(path, next);
  }
  if (rewritten === 0) throw new Error('bundle: found no import() of a sibling chunk to rewrite; has esbuild changed its output?');
}

await rm(outdir, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { cli: 'dist/cli/main.js', early: 'dist/cli/early.js', 'render-worker': 'dist/build/render-worker.js', fontkit: 'briefkit-fontkit-entry' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // CommonJS dependencies (ajv, handlebars, …) call require() for Node built-ins.
  plugins: [lazyBrotli, lazyPdfkitExtras, lazyFontkitTries, lazyFontkit, lazyChildProcess, preparsedUnicodeTrie],
  banner: { js: `import { createRequire as __briefkitCreateRequire } from 'node:module'; const require = __briefkitCreateRequire(import.meta.url); ${LOAD_CHUNK}` },
});
await loadChunksSynchronously(outdir);
await copyFile(`${root}bin/load-module.cjs`, `${outdir}/load-module.cjs`);
// The bundle sits two folders below the package root, like dist/cli/main.js,
// so its `new URL('../../package.json', import.meta.url)` lookups still work.
await writeFile(`${outdir}/README.md`, 'Generated by scripts/bundle.mjs from dist/ (esbuild). Do not edit.\n');
