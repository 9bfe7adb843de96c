import { createRequire } from 'node:module';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/template/compilers.js';
import { STANDALONE_URI_REFERENCE, standaloneUriSource, uri } from '../../src/template/uri-format.js';
import { seedFor } from '../helpers/seed.js';

const reference = fullFormats.uri as (str: string) => boolean;

// The standalone expression as a precompiled module evaluates it: with a require() that reaches ajv-formats.
const standalone = new Function('require', `return ${standaloneUriSource()};`)(createRequire(import.meta.url)) as (str: string) => boolean;

// Strings near the URI grammar, so that both accepted and rejected ones are common:
// schemes, authorities (names, IPv4, bracketed IPv6 and IPvFuture), ports, paths,
// queries and fragments, with stray brackets, percent signs, spaces and non-ASCII text.
const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
const h16 = fc.array(hex, { minLength: 1, maxLength: 5 }).map((digits) => digits.join(''));
const ipv4 = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((parts) => parts.join('.'));
const ipv6 = fc.oneof(
  fc.array(h16, { minLength: 1, maxLength: 9 }).map((groups) => groups.join(':')),
  fc.tuple(fc.array(h16, { maxLength: 4 }), fc.array(h16, { maxLength: 4 })).map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
  fc.tuple(fc.array(h16, { maxLength: 6 }), ipv4).map(([a, v4]) => `${a.join(':')}::${v4}`),
  fc.tuple(h16, fc.string({ maxLength: 6 })).map(([v, rest]) => `v${v}.${rest}`),
);
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('http', 'https', 'mailto', 'urn', 'HTTP', 'x-y+z.1', '1abc', ':', '://', '//', '/', '?', '#', '@', '%', '%2F', '%zz', '[', ']', '.', '-', ':80', ':', 'user:pw@', 'example.org', 'www.osce.org', ' ', 'é', '\u00a0', '\\', '"', '|', '{', '}', '~', "'", '(', ')', '*', '!', '$', '&', '=', ';', ',') },
  { weight: 2, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: ipv4 },
  { weight: 1, arbitrary: ipv6.map((v6) => `[${v6}]`) },
  { weight: 1, arbitrary: ipv6 },
);
const nearUri = fc.oneof(
  fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join('')),
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'ftp', 'urn', 'a'),
      fc.constantFrom('://', ':', ':/', '//'),
      fc.oneof(fc.constant(''), fc.constant('user@'), fc.string({ maxLength: 4 }).map((s) => `${s}@`)),
      fc.oneof(ipv4, ipv6.map((v6) => `[${v6}]`), fc.constantFrom('example.org', 'host', '', 'a.b.c')),
      fc.oneof(fc.constant(''), fc.nat(99999).map((port) => `:${port}`), fc.constant(':')),
      fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join('')),
    )
    .map((parts) => parts.join('')),
  // Well-formed URIs with an IP-literal host, the part only ajv-formats' own check reads.
  fc
    .tuple(fc.constantFrom('http', 'https', 'ldap'), fc.constantFrom('::1', '2001:db8::7', '::ffff:192.0.2.1', 'fe80::1:2', 'v7.x', '1:2:3:4:5:6:7:8'), fc.constantFrom('', '/', '/a/b', ':8080/x', '?q=1', '#top'))
    .map(([scheme, host, rest]) => `${scheme}://[${host}]${rest}`),
);

describe('the uri format', () => {
  it('agrees with ajv-formats on strings near the URI grammar (with and without brackets)', () => {
    const seen = { accepted: 0, rejected: 0, bracketed: 0 };
    fc.assert(
      fc.property(nearUri, (str) => {
        const expected = reference(str);
        expect(uri(str), JSON.stringify(str)).toBe(expected);
        expect(standalone(str), JSON.stringify(str)).toBe(expected);
        seen[expected ? 'accepted' : 'rejected']++;
        if (str.includes('[') && expected) seen.bracketed++;
      }),
      { numRuns: 5000, seed: seedFor('uri format against ajv-formats'), endOnFailure: true },
    );
    // The generator reaches both answers, and URIs with an IP literal.
    expect(seen.accepted).toBeGreaterThan(500);
    expect(seen.rejected).toBeGreaterThan(500);
    expect(seen.bracketed).toBeGreaterThan(200);
  });

  it('agrees with ajv-formats on hand-picked cases', () => {
    const cases = [
      'https://www.osce.org/secretariat/opiates',
      'http://[::1]:8080/path',
      'http://[v1.fe]/',
      'http://[::ffff:192.0.2.1]/',
      'http://[not-an-ip]/',
      'http://example.org/a[b]',
      'mailto:press@example.org',
      'urn:isbn:0451450523',
      'relative/path',
      '/absolute',
      'no-scheme',
      '',
      'http://999.1.1.1/',
      'https://example.org/?q=a b',
    ];
    for (const str of cases) {
      expect(uri(str), str).toBe(reference(str));
      expect(standalone(str), str).toBe(reference(str));
    }
  });

  it('is the uri check of the schema compiler and of precompiled validators', () => {
    const ajv = createAjv();
    const validate = ajv.compile({ type: 'string', format: 'uri' });
    expect(validate('https://example.org/x')).toBe(true);
    expect(validate('http://[::1]/')).toBe(true);
    expect(validate('not a uri')).toBe(false);
    expect(ajv.formats.uri).toBe(uri);
    // The reference ajv's standalone code emits, which precompile.ts replaces.
    expect(STANDALONE_URI_REFERENCE).toBe('require("ajv-formats/dist/formats").fullFormats.uri');
  });
});
