/**
 * The JSON Schema `uri` format, as ajv-formats checks it, made cheaper to
 * start. ajv-formats' URI pattern (RFC 3986) is ~1,100 characters, most of
 * them the bracketed IP-literal host (`http://[::1]/`); V8 compiles a pattern
 * on its first use, which cost a cold build ~7 ms for one URL. No other part
 * of a URI may hold `[`, so a string without one is checked against the same
 * pattern less that alternative, and a string with one against ajv-formats'
 * own check. The two agree on every string (test/template/uri-format.test.ts
 * compares them), so this changes only the time.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** ajv-formats 3's `NOT_URI_FRAGMENT`: a URI has a scheme's `:` or a `/`. */
const NOT_URI_FRAGMENT = /\/|:/;

/** ajv-formats 3's `URI` without its `\[ IP-literal \]` host alternative. */
export const URI_WITHOUT_IP_LITERAL = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

const fullUri = fullFormats.uri as (str: string) => boolean;

/** Whether `str` is a URI, exactly as ajv-formats' full `uri` format says. */
export function uri(str: string): boolean {
  if (str.includes('[')) return fullUri(str);
  return NOT_URI_FRAGMENT.test(str) && URI_WITHOUT_IP_LITERAL.test(str);
}

/** What ajv's standalone code reads ajv-formats' `uri` check from. */
export const STANDALONE_URI_REFERENCE = 'require("ajv-formats/dist/formats").fullFormats.uri';

/**
 * The same check as an expression for a precompiled validator module (which
 * has `require`), to stand in for `STANDALONE_URI_REFERENCE`.
 */
export function standaloneUriSource(): string {
  return `((full, quick) => (str) => (str.includes("[") ? full(str) : ${String(NOT_URI_FRAGMENT)}.test(str) && quick.test(str)))(${STANDALONE_URI_REFERENCE}, ${String(URI_WITHOUT_IP_LITERAL)})`;
}
