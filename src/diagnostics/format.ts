import type { Diagnostic } from './diagnostic.js';

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
  const path = d.path ? ` ${d.path}` : '';
  const lines = [`${where}${path}: ${prefix}${d.message}`];
  for (const hint of d.hints ?? []) lines.push(`  hint: ${hint}`);
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
  const props = [`file=${escapeGithub(d.file, true)}`];
  if (d.line !== undefined) props.push(`line=${d.line}`);
  if (d.column !== undefined) props.push(`col=${d.column}`);
  const text = [d.path ? `${d.path}: ${d.message}` : d.message, ...(d.hints ?? []).map((h) => `hint: ${h}`)].join('\n');
  return `::${d.severity} ${props.join(',')}::${escapeGithub(text, false)}`;
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
