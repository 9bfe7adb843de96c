/**
 * Renders sequences of nodes through the session's handlers, putting each
 * result where it can go: stray inlines become a paragraph, stray rows a table.
 */
import { Paragraph, Table, TableRow, Tab, TextRun, type ParagraphChild } from 'docx';
import type { Block, Inline, Node } from '../../doc/types.js';
import type { BlockChild, DocxContext, Rendered } from './context.js';
import { StyleId } from './styles.js';

/** Renders block nodes into Word paragraphs and tables. */
export function renderBlocks(nodes: readonly (Block | Node)[], context: DocxContext): BlockChild[] {
  const out: BlockChild[] = [];
  for (const node of nodes) {
    const rendered = context.session.render(node, context);
    switch (rendered.kind) {
      case 'blocks':
        out.push(...rendered.items);
        break;
      case 'inlines':
        out.push(new Paragraph({ style: context.paragraphStyle, children: rendered.items }));
        break;
      case 'rows':
        out.push(new Table({ style: StyleId.table, rows: rendered.items }));
        break;
      case 'cells':
        out.push(new Table({ style: StyleId.table, rows: [new TableRow({ children: rendered.items })] }));
        break;
    }
  }
  return out;
}

/** Renders inline nodes into runs and hyperlinks. */
export function renderInlines(nodes: readonly Inline[], context: DocxContext): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes) {
    const rendered = context.session.render(node, context);
    if (rendered.kind !== 'inlines') throw new Error(`${node.type} rendered as ${rendered.kind} inside a paragraph`);
    out.push(...rendered.items);
  }
  return out;
}

/**
 * Text runs for a literal string in the inherited formatting. Tabs become
 * Word tabs; line feeds become spaces (soft line breaks) unless `lines` is
 * set, when they become line breaks (code blocks).
 */
export function textRuns(value: string, context: DocxContext, lines = false): TextRun[] {
  const safe = context.session.text(value).replace(/\r\n?/g, '\n');
  const format = context.run;
  const runs: TextRun[] = [];
  const lineTexts = lines ? safe.split('\n') : [safe.replace(/\n/g, ' ')];
  lineTexts.forEach((line, index) => {
    const children: (string | Tab)[] = [];
    line.split('\t').forEach((piece, i) => {
      if (i > 0) children.push(new Tab());
      if (piece !== '') children.push(piece);
    });
    if (children.length === 0 && index === 0 && lineTexts.length === 1) return;
    runs.push(new TextRun({ children, style: format.style, bold: format.bold, italics: format.italics, break: index > 0 ? 1 : undefined }));
  });
  return runs;
}

/** Block content, for handlers that produce paragraphs or tables. */
export function blocks(...items: BlockChild[]): Rendered {
  return { kind: 'blocks', items };
}

/** Inline content, for handlers that produce runs or hyperlinks. */
export function inlines(...items: ParagraphChild[]): Rendered {
  return { kind: 'inlines', items };
}
