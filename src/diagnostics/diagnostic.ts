/** How serious a diagnostic is: errors fail the item, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * One fault or warning with a location: the file (relative to the project
 * root), 1-based line and column where known, the field path in `a[1].b`
 * notation where the fault concerns a field, and what is wrong.
 */
export interface Diagnostic {
  severity: Severity;
  file: string;
  line?: number;
  column?: number;
  /** Field path in `a[1].b` notation, never a JSON Pointer. */
  path?: string;
  message: string;
  /** Suggestions printed on the lines after the message. */
  hints?: string[];
  /** A stable machine-readable code, e.g. `unknown-field`. */
  code?: string;
}

/** An error that carries diagnostics; thrown by stages that stop early. */
export class DiagnosticError extends Error {
  /** The diagnostics that explain the failure. */
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

/** Builds an error diagnostic. */
export function error(file: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'error', file, message, ...extra };
}

/** Builds a warning diagnostic. */
export function warning(file: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'warning', file, message, ...extra };
}

/** Turns anything thrown (pdfkit throws bare strings) into a message. */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  return String(thrown);
}
