/** The document-information fields pdfkit also copies into the XMP metadata packet. */
const XMP_FIELDS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'] as const;

/** The part of a pdfkit document this fix needs (not in its typings). */
interface MetadataInternals {
  info: Record<string, unknown>;
  _addInfo: () => void;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * pdfkit writes the title, author, subject and keywords into the XMP packet
 * without XML-escaping them, so a title holding `&` or `<` makes the metadata
 * malformed. Escape them for that one step only; the Info dictionary keeps
 * the text as written.
 */
export function escapeXmpMetadata(pdf: PDFKit.PDFDocument): void {
  const doc = pdf as unknown as MetadataInternals;
  const addInfo = doc._addInfo.bind(doc);
  doc._addInfo = () => {
    const saved = new Map<string, unknown>();
    for (const field of XMP_FIELDS) {
      const value = doc.info[field];
      if (typeof value !== 'string') continue;
      saved.set(field, value);
      doc.info[field] = escapeXml(value);
    }
    try {
      addInfo();
    } finally {
      for (const [field, value] of saved) doc.info[field] = value;
    }
  };
}
