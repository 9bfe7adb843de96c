import { compareDiagnostics, error, type Diagnostic } from '../diagnostics/index.js';
import { discoverContent } from './discover.js';
import { prepareItem, type Project } from './pipeline.js';

/** What `validate` found. */
export interface ValidateReport {
  /** Number of content files checked. */
  checked: number;
  /** Files that passed. */
  valid: string[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  usage: Diagnostic[];
  /** 0 all valid, 1 some invalid, 2 usage error. */
  exitCode: number;
}

/**
 * Checks items against their template set's schema, and everything else a
 * build checks before rendering (images, unique ids), writing nothing.
 */
export async function validate(project: Project, cwd: string, paths: readonly string[]): Promise<ValidateReport> {
  const discovery = await discoverContent(project.env, cwd, paths.length > 0 ? paths : ['content']);
  if (discovery.diagnostics.length > 0) {
    return { checked: 0, valid: [], errors: [], warnings: [], usage: discovery.diagnostics, exitCode: 2 };
  }
  const results = await Promise.all(discovery.files.map((file) => prepareItem(project, file)));
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const owners = new Map<string, string[]>();
  results.forEach((result, index) => {
    const file = discovery.files[index]!;
    const id = result.ok ? result.prepared.item.id : result.id;
    owners.set(id, [...(owners.get(id) ?? []), file]);
    if (result.ok) warnings.push(...result.prepared.warnings);
    else {
      errors.push(...result.diagnostics);
      warnings.push(...result.warnings);
    }
  });
  const invalid = new Set(errors.map((e) => e.file));
  results.forEach((result, index) => {
    if (!result.ok) return;
    const file = discovery.files[index]!;
    const same = owners.get(result.prepared.item.id) ?? [];
    if (same.length > 1) {
      const at = result.prepared.item.positions.value.get('id');
      errors.push(error(file, `id \`${result.prepared.item.id}\` is also used by ${same.filter((f) => f !== file).join(', ')}; ids must be unique across a build`, { ...at, path: 'id', code: 'duplicate-id' }));
      invalid.add(file);
    }
  });
  return {
    checked: discovery.files.length,
    valid: discovery.files.filter((f) => !invalid.has(f)),
    errors: errors.sort(compareDiagnostics),
    warnings: warnings.sort(compareDiagnostics),
    usage: [],
    exitCode: errors.length > 0 ? 1 : 0,
  };
}
