/**
 * Creates the state of one render: warnings, id counters and the numbering
 * definitions in use. Nothing here outlives the render.
 */
import type { NumberingDefinition } from 'docx';
import { PAGE_SIZES } from '../../doc/theme.js';
import { warning } from '../../diagnostics/index.js';
import type { HandlerMap, RenderInput } from '../types.js';
import { handlers } from './handlers/index.js';
import type { DocxContext, DocxSession, Rendered } from './context.js';
import { bulletDefinition, numberDefinition } from './numbering.js';
import { describeCodePoint, INVALID_CHARACTER_PLACEHOLDER, sanitizeXmlText } from './text.js';

type AnyHandler = (node: never, context: DocxContext) => Rendered;

/** Starts a render: the session every handler of this render shares. */
export function createSession(input: RenderInput): DocxSession {
  const { doc, theme } = input;
  const page = PAGE_SIZES[theme.page.size];
  const { margins } = theme.page;
  const reported = new Set<number>();
  const warnings: DocxSession['warnings'] = [];
  const definitions = new Map<string, NumberingDefinition>();
  let listInstances = 0;
  let drawings = 0;
  const table: HandlerMap<DocxContext, Rendered> = handlers;

  return {
    doc,
    theme,
    assets: input.assets,
    textArea: { width: page.width - margins.left - margins.right, height: page.height - margins.top - margins.bottom },
    warnings,
    text(value) {
      const { text, replaced } = sanitizeXmlText(value);
      for (const code of replaced) {
        if (reported.has(code)) continue;
        reported.add(code);
        warnings.push(
          warning(doc.meta.id, `${describeCodePoint(code)} cannot be written to a Word document; shown as "${INVALID_CHARACTER_PLACEHOLDER}"`, {
            code: 'docx-invalid-character',
            hints: ['remove the character from the content file'],
          }),
        );
      }
      return text;
    },
    nextListInstance: () => ++listInstances,
    nextDrawingId: () => ++drawings,
    numberingReference(ordered, start) {
      const definition = ordered ? numberDefinition(start) : bulletDefinition();
      if (!definitions.has(definition.reference)) definitions.set(definition.reference, definition);
      return definition.reference;
    },
    numberingDefinitions: () => [...definitions.values()],
    render(node, context) {
      // The map is total over node types; indexing it by a node's own tag is sound.
      const handler = table[node.type] as AnyHandler;
      return handler(node as never, context);
    },
  };
}
