import type { Item } from '../content/validate.js';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { buildContext } from './context.js';
import { TemplateFault, type TemplateName, type TemplateSet } from './set.js';

/** Markdown with directives, produced by merging one item into one template. */
export interface MergedSource {
  /** The template file it came from (for messages). */
  template: string;
  markdown: string;
}

/**
 * Merges an item into one template of its set. `figureSources` replaces each
 * `figures[i].src` with the project-relative path the build resolved, so the
 * document refers to images by a key renderers can look up.
 */
export function mergeItem(set: TemplateSet, name: TemplateName, item: Item, figureSources: readonly string[]): { ok: true; source: MergedSource } | { ok: false; diagnostics: Diagnostic[] } {
  const template = set.templates[name];
  if (!template) {
    return { ok: false, diagnostics: [error(`${set.displayDir}/${name}.hbs`, `template set \`${set.name}\` has no ${name} template`, { code: 'template-missing' })] };
  }
  const data = { ...item.data } as Record<string, unknown>;
  if (Array.isArray(data.figures)) {
    data.figures = (data.figures as Record<string, unknown>[]).map((figure, index) => ({ ...figure, src: figureSources[index] ?? figure.src }));
  }
  const context = buildContext(data, set.schema.schema, new Set(item.markdown.keys()));
  context.id = item.id;
  context.lang = item.lang;
  context.template = item.template;
  try {
    const markdown = template.render(context, { labels: set.labels(item.lang) });
    return { ok: true, source: { template: template.file, markdown } };
  } catch (thrown) {
    // Template runs are wrapped (set.ts) so faults name the template or partial file they happened in.
    const fault = thrown instanceof TemplateFault ? thrown : new TemplateFault(messageOf(thrown), template.file);
    const hint = /not defined/.test(fault.message) ? ['the template uses a field or helper that does not exist (templates are compiled in strict mode)'] : undefined;
    return {
      ok: false,
      diagnostics: [
        error(fault.file, `template error while merging ${item.file}: ${fault.message}`, {
          ...(fault.line !== undefined ? { line: fault.line } : {}),
          ...(fault.column !== undefined ? { column: fault.column } : {}),
          code: 'template-runtime',
          ...(hint ? { hints: hint } : {}),
        }),
      ],
    };
  }
}
