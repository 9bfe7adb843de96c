// How the build writes a generated ES module (a precompiled template set):
// minified (whitespace) and ASCII-only where esbuild is installed. Node keeps
// a module's source for as long as the process runs, and one non-ASCII
// character (a typographic quote in a template) made the whole 88 kB source
// a two-byte string; the smaller source also parses faster. Without esbuild
// (installs that omit dev dependencies) the source is kept as made.
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  esbuild = undefined;
}

/** The module source as the build writes it. */
export async function tidyModuleSource(source) {
  if (!esbuild) return source;
  return (await esbuild.transform(source, { format: 'esm', minifyWhitespace: true, charset: 'ascii', legalComments: 'none' })).code;
}
