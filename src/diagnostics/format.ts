import type { Diagnostic } from './diagnostic.js';

/**
 * Makes text safe to print on a terminal: control characters, bidi controls
 * and lone surrogates (which may come from content, e.g. an unknown key) are
 * shown as `\u{…}` escapes, so a message can never move the cursor, recolour
 * the terminal or reorder the line it is on.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`);
}

/**
 * Formats a diagnostic as one line, `file:line:col path: message`, followed by
 * one indented `hint:` line per hint.
 */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file;
  if (d.line !== undefined) {
    where += `:${d.line}`;
    if (d.column !== undefined) where += `:${d.column}`;
  }
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  const path = d.path ? ` ${printable(d.path)}` : '';
  const lines = [`${printable(where)}${path}: ${prefix}${printable(d.message)}`];
  for (const hint of d.hints ?? []) lines.push(`  hint: ${printable(hint)}`);
  return lines.join('\n');
}

/** Escapes a value for a GitHub Actions workflow command property or message. */
function escapeGithub(value: string, isProperty: boolean): string {
  let out = value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (isProperty) out = out.replace(/:/g, '%3A').replace(/,/g, '%2C');
  return out;
}

/** Formats a diagnostic as a GitHub Actions `::error` / `::warning` line. */
export function formatGithub(d: Diagnostic): string {
  const props = [`file=${escapeGithub(printable(d.file), true)}`];
  if (d.line !== undefined) props.push(`line=${d.line}`);
  if (d.column !== undefined) props.push(`col=${d.column}`);
  const text = [d.path ? `${d.path}: ${d.message}` : d.message, ...(d.hints ?? []).map((h) => `hint: ${h}`)].join('\n');
  return `::${d.severity} ${props.join(',')}::${escapeGithub(text.split('\n').map(printable).join('\n'), false)}`;
}

/** Orders diagnostics by file, line, column, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.column ?? 0;
  const cb = b.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
