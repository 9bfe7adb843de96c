/**
 * The structure tree of the tagged PDF: one element per logical block, made
 * in document order while the handlers build the flow, filled with marked
 * content when the blocks are drawn (in page and column order, which is the
 * reading order).
 */

/** The standard structure types the fact sheet uses (PDF 1.7, 14.8.4). */
export type StructRole =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'BlockQuote'
  | 'Figure'
  | 'Caption'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Code'
  | 'Link';

/** Attributes of a structure element. */
export interface TagOptions {
  /** Alternate text (figures). */
  alt?: string;
  /** A table header cell's scope. */
  scope?: 'Column' | 'Row';
}

/** A structure element of the tree; `element` is pdfkit's object. */
export interface Tag {
  readonly role: StructRole;
  readonly element: PDFKit.PDFStructureElement;
}

/** Makes structure elements and hangs them under their parents, in the order asked. */
export class Tagger {
  /** The `Document` element at the root of the tree. */
  readonly root: Tag;

  constructor(private readonly pdf: PDFKit.PDFDocument) {
    this.root = { role: 'Document', element: pdf.struct('Document') };
    pdf.addStructure(this.root.element);
  }

  /** A new element of `role` appended to `parent`'s children. */
  child(parent: Tag, role: StructRole, options: TagOptions = {}): Tag {
    // pdfkit's typings lack `scope`, which its structure elements accept.
    const element = this.pdf.struct(role, options as PDFKit.Mixins.StructureElementOptions);
    parent.element.add(element);
    return { role, element };
  }
}
