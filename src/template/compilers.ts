/**
 * The compilers a template set needs, imported by `set.ts` only when a set is
 * compiled (a no-op rebuild only hashes sets, and never loads these).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import Handlebars from 'handlebars';
import { uri } from './uri-format.js';

/**
 * A JSON Schema 2020-12 compiler with the formats (`date`, `email`, `uri`, …);
 * with `source`, it keeps the code it generates, for Ajv's standalone
 * modules (`precompile.ts`).
 */
export function createAjv(options: { source?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, ...(options.source ? { code: { source: true, esm: true } } : {}) });
  const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormatsModule as unknown as (a: Ajv2020) => void);
  addFormats(ajv);
  // The same check, cheaper on first use (see uri-format.ts).
  ajv.addFormat('uri', uri);
  return ajv;
}

export { Handlebars };
