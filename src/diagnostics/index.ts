export type { Diagnostic, Severity } from './diagnostic.js';
export { DiagnosticError, error, warning, messageOf } from './diagnostic.js';
export { formatDiagnostic, formatGithub, compareDiagnostics, printable } from './format.js';
