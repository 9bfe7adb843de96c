/**
 * Cheaper byte handling for one pdfkit document, with the same output bytes.
 *
 * pdfkit turns every operator string written to a stream object, and every
 * piece of the file it writes, into a `Uint8Array` of its own with a
 * character-by-character loop, and pushes each piece of the file through its
 * Readable stream. A fact sheet writes thousands of such pieces. Here the
 * strings are kept as strings until a stream object is finished (then
 * converted at once) and the file is collected and joined once at the end.
 */

/** The part of pdfkit's `PDFReference` that this replaces. */
interface ReferenceInternals {
  buffer: Uint8Array[];
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/** The part of pdfkit's document that this replaces. */
interface DocumentInternals {
  ref(data?: object): ReferenceInternals;
  _write(data: string | Uint8Array): void;
  _offset: number;
}

function latin1(text: string): Uint8Array {
  // As pdfkit's own conversion: each character's low byte.
  return Buffer.from(text, 'latin1');
}

/** Makes a stream object collect written strings as one string until finished. */
function collectText(ref: ReferenceInternals): ReferenceInternals {
  let text = '';
  const flush = (): void => {
    if (text === '') return;
    ref.buffer.push(latin1(text));
    text = '';
  };
  ref.write = (chunk: string | Uint8Array): void => {
    let length: number;
    if (chunk instanceof Uint8Array) {
      flush();
      ref.buffer.push(chunk);
      length = chunk.length;
    } else {
      const line = `${chunk}\n`;
      text += line;
      length = line.length;
    }
    ref.uncompressedLength += length;
    ref.data.Length = (ref.data.Length ?? 0) + length;
    if (ref.compress) ref.data.Filter = 'FlateDecode';
  };
  const finalize = ref.finalize.bind(ref);
  ref.finalize = (): void => {
    flush();
    finalize();
  };
  return ref;
}

/**
 * Makes `pdf` write its file into memory as strings and byte arrays, and
 * returns the function that joins them into the file's bytes once pdfkit has
 * finished (nothing goes through pdfkit's Readable stream).
 */
export function collectOutput(pdf: PDFKit.PDFDocument): () => Buffer {
  const doc = pdf as unknown as DocumentInternals;
  const pieces: (string | Uint8Array)[] = [];
  doc._write = (data: string | Uint8Array): void => {
    if (data instanceof Uint8Array) {
      pieces.push(data);
      doc._offset += data.length;
    } else {
      const line = `${data}\n`;
      pieces.push(line);
      doc._offset += line.length;
    }
  };
  const ref = doc.ref.bind(doc);
  doc.ref = (data?: object) => collectText(ref(data));
  return () => {
    let length = 0;
    for (const piece of pieces) length += piece.length;
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (const piece of pieces) {
      if (typeof piece === 'string') at += out.write(piece, at, 'latin1');
      else {
        out.set(piece, at);
        at += piece.length;
      }
    }
    return out;
  };
}
