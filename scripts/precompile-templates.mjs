// Compiles, at build time, the template sets that ship with briefkit
// (templates/<set>/): one ES module per set in dist/template/precompiled/,
// named by the set's hash, with its schema as Ajv standalone code and its
// templates as Handlebars template specs (src/template/precompile.ts). A cold
// start then loads neither compiler (~150 ms of a one-item build). The loader
// uses a module only for the exact bytes it was made from; without one it
// compiles the set as before, so a missing module only costs speed. Run after
// tsc (it imports dist/).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dist, freshDistDir, root, shippedSearch, shippedSets } from './build-step.mjs';
import { tidyModuleSource } from './tidy-module.mjs';

const { createNodeEnv } = await import(dist('env/node.js'));
const { precompiledModule } = await import(dist('template/precompile.js'));

const dir = freshDistDir('template/precompiled');
const env = createNodeEnv(root);
for (const name of shippedSets()) {
  const made = await precompiledModule(env, shippedSearch, name);
  if (!made.ok) {
    for (const d of made.diagnostics) process.stderr.write(`briefkit: template set ${name} not precompiled: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(`${dir}/${made.hash}.js`, await tidyModuleSource(made.source));
}

// The YAML files of the shipped sets (theme.yaml, i18n/*.yaml, set.yaml),
// parsed with the installed `yaml` into dist/template/parsed-yaml.json: a
// cold start then reads them without loading the library
// (src/content/yaml.ts). A file that does not parse is left out.
const { yamlTextKey, yamlVersion } = await import(dist('content/yaml.js'));
const { parse } = await import('yaml');
const texts = {};
const walk = (at) => {
  for (const entry of readdirSync(at, { withFileTypes: true })) {
    const path = `${at}/${entry.name}`;
    if (entry.isDirectory()) walk(path);
    else if (/\.ya?ml$/.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      try {
        texts[yamlTextKey(text)] = JSON.stringify(parse(text));
      } catch {
        // Left to the library at run time, which reports it.
      }
    }
  }
};
walk(`${root}templates`);
writeFileSync(fileURLToPath(dist('template/parsed-yaml.json')), `${JSON.stringify({ yaml: yamlVersion(), texts })}\n`);
