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

import { deflateSync } from 'node:zlib';

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

/**
 * A growing byte buffer that strings are written into as pdfkit converts
 * them: each character's low byte.
 */
export class ByteSink {
  bytes: Buffer;
  length = 0;

  constructor(size = 1024) {
    this.bytes = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  text(text: string): void {
    const n = text.length;
    this.reserve(n);
    if (n > 48) this.length += this.bytes.write(text, this.length, 'latin1');
    else {
      const bytes = this.bytes;
      let at = this.length;
      for (let i = 0; i < n; i++) bytes[at++] = text.charCodeAt(i) & 0xff;
      this.length = at;
    }
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  append(bytes: Uint8Array, length = bytes.length): void {
    this.reserve(length);
    this.bytes.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.length);
    this.length += length;
  }

  /** The bytes written, as a view (valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const sinks = new WeakMap<object, ByteSink>();

/** The byte sink a stream object of a collected document writes into (for content written directly). */
export function sinkOf(ref: object): ByteSink | undefined {
  return sinks.get(ref);
}

/** Makes a stream object collect what is written to it in one byte buffer until it is finished. */
function collectText(ref: ReferenceInternals): ReferenceInternals {
  let sink: ByteSink | undefined;
  const sinkFor = (): ByteSink => {
    if (!sink) {
      sink = new ByteSink(4096);
      sinks.set(ref, sink);
    }
    return sink;
  };
  ref.write = (chunk: string | Uint8Array): void => {
    const into = sinkFor();
    const before = into.length;
    if (chunk instanceof Uint8Array) into.append(chunk);
    else {
      into.text(typeof chunk === 'string' ? chunk : `${chunk}`);
      into.byte(0x0a);
    }
    written(ref, into.length - before);
  };
  const finalize = ref.finalize.bind(ref);
  ref.finalize = (): void => {
    if (sink && sink.length > 0) {
      // Counted as written when it was (see `written`); one piece for pdfkit to finish.
      const bytes = sink.bytes.subarray(0, sink.length);
      if (!ref.compress) ref.buffer.push(bytes);
      else if (sink.length < TINY) {
        // Deflating a few bytes only adds zlib's header and checksum.
        ref.buffer.push(bytes);
        ref.compress = false;
        delete ref.data.Filter;
      } else {
        // Deflated here rather than by pdfkit, with less working memory than
        // zlib's default (a 16 kB window, smaller hash): zlib sets up and
        // clears its state for every stream, which cost more than the
        // compression itself, for output within a few bytes of the default's.
        ref.buffer.push(deflateSync(bytes, DEFLATE_OPTIONS));
        ref.compress = false;
      }
    }
    sinks.delete(ref);
    sink = undefined;
    finalize();
  };
  return ref;
}

/** Streams shorter than this are stored, not deflated. */
const TINY = 32;
const DEFLATE_OPTIONS = { windowBits: 14, memLevel: 7 } as const;

/** Counts `length` bytes written to a stream object, as pdfkit's own `write` does. */
export function written(ref: object, length: number): void {
  const target = ref as ReferenceInternals;
  target.uncompressedLength += length;
  target.data.Length = (target.data.Length ?? 0) + length;
  if (target.compress) target.data.Filter = 'FlateDecode';
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
    const out = new ByteSink(length);
    for (const piece of pieces) {
      if (typeof piece === 'string') out.text(piece);
      else out.append(piece);
    }
    return out.bytes;
  };
}
