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
  id: number;
  gen: number;
  offset?: number;
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
  _refEnd(ref: ReferenceInternals): void;
  _offset: number;
  _security?: unknown;
  _root: ReferenceInternals & { data: { Names?: { data?: { Dests?: object } } } };
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

// Byte sinks whose stream object or file is done, for the next ones: a
// document writes a dozen streams and a file, and a fresh buffer for each
// was a dozen array buffers to allocate and collect per document. Sinks that
// grew very large are left to the collector.
const freeSinks: ByteSink[] = [];
const MAX_FREE_SINKS = 32;
const MAX_KEPT_BYTES = 1 << 20;

function takeSink(size: number): ByteSink {
  const sink = freeSinks.pop();
  if (!sink) return new ByteSink(size);
  sink.length = 0;
  return sink;
}

function releaseSink(sink: ByteSink): void {
  if (freeSinks.length < MAX_FREE_SINKS && sink.bytes.length <= MAX_KEPT_BYTES) freeSinks.push(sink);
}

/** The byte sink a stream object of a collected document writes into (for content written directly). */
export function sinkOf(ref: object): ByteSink | undefined {
  return sinks.get(ref);
}

/** Where a collected document's objects are written, and how pdfkit's own classes are told apart. */
interface FileWriter {
  readonly doc: DocumentInternals;
  readonly file: ByteSink;
  /** pdfkit's `PDFAbstractReference.prototype` (indirect references). */
  readonly referenceProto: object;
  /** pdfkit's `PDFReference.prototype`. */
  readonly plainReferenceProto: object;
  /** pdfkit's `PDFTree.prototype` (name and number trees), when found. */
  readonly treeProto: object | undefined;
}

/** Thrown by `put` at a value it does not write as pdfkit would: the object is left to pdfkit. */
const UNSUPPORTED = Symbol('unsupported');

// pdfkit's escapes inside a literal string (`PDFObject.convert`).
const ESCAPES = new Map<number, number>([
  [0x0a, 0x6e], // \n
  [0x0d, 0x72], // \r
  [0x09, 0x74], // \t
  [0x08, 0x62], // \b
  [0x0c, 0x66], // \f
  [0x5c, 0x5c], // \\
  [0x28, 0x28], // \(
  [0x29, 0x29], // \)
]);
const HEX = '0123456789abcdef';

function escapedByte(out: ByteSink, b: number): void {
  const escape = ESCAPES.get(b);
  if (escape === undefined) out.byte(b);
  else {
    out.byte(0x5c);
    out.byte(escape);
  }
}

/** pdfkit's zero padding: the last `length` characters of the number after zeros. */
function pad(n: number, length: number): string {
  return `${'0'.repeat(length)}${n}`.slice(-length);
}

/**
 * Writes `value` as pdfkit's `PDFObject.convert` writes it (without
 * encryption, which the fact sheet never uses), straight into bytes instead
 * of building the text of every dictionary and array as strings.
 */
function put(w: FileWriter, value: unknown): void {
  const out = w.file;
  switch (typeof value) {
    case 'string':
      out.byte(0x2f); // a name, unescaped as pdfkit writes it
      out.text(value);
      return;
    case 'number':
      // pdfkit refuses numbers this large (or NaN) with its own error.
      if (!(value > -1e21 && value < 1e21)) throw UNSUPPORTED;
      out.text(String(Math.round(value * 1e6) / 1e6));
      return;
    case 'object':
      break;
    case 'symbol':
      throw UNSUPPORTED; // pdfkit throws converting it to text
    default:
      out.text(`${String(value)}`);
      return;
  }
  if (value === null) {
    out.text('null');
    return;
  }
  if (value instanceof String) {
    const text = value.valueOf();
    let unicode = false;
    for (let i = 0; i < text.length && !unicode; i++) unicode = text.charCodeAt(i) > 0x7f;
    out.byte(0x28);
    if (unicode) {
      // UTF-16BE with a byte order mark, each byte escaped as a character.
      escapedByte(out, 0xfe);
      escapedByte(out, 0xff);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        escapedByte(out, code >> 8);
        escapedByte(out, code & 0xff);
      }
    } else for (let i = 0; i < text.length; i++) escapedByte(out, text.charCodeAt(i));
    out.byte(0x29);
    return;
  }
  if (value instanceof Uint8Array) {
    out.byte(0x3c);
    for (const b of value) {
      out.byte(HEX.charCodeAt(b >> 4));
      out.byte(HEX.charCodeAt(b & 15));
    }
    out.byte(0x3e);
    return;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (w.treeProto !== undefined && (proto === w.treeProto || Object.prototype.isPrototypeOf.call(w.treeProto, value))) {
    putTree(w, value as TreeInternals);
    return;
  }
  if (proto === w.plainReferenceProto) {
    const ref = value as ReferenceInternals;
    out.text(`${ref.id} ${ref.gen} R`);
    return;
  }
  if (Object.prototype.isPrototypeOf.call(w.referenceProto, value)) {
    out.text((value as { toString(): string }).toString());
    return;
  }
  if (value instanceof Date) {
    out.text(`(D:${pad(value.getUTCFullYear(), 4)}${pad(value.getUTCMonth() + 1, 2)}${pad(value.getUTCDate(), 2)}${pad(value.getUTCHours(), 2)}${pad(value.getUTCMinutes(), 2)}${pad(value.getUTCSeconds(), 2)}Z)`);
    return;
  }
  if (Array.isArray(value)) {
    out.byte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.byte(0x20);
      const item: unknown = value[i];
      put(w, item === undefined ? null : item);
    }
    out.byte(0x5d);
    return;
  }
  // Any other kind of object (pdfkit's spot colours, say) is pdfkit's to write.
  if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
  out.byte(0x3c);
  out.byte(0x3c);
  const dictionary = value as Record<string, unknown>;
  // for…in, as pdfkit: the same keys in the same order.
  for (const key in dictionary) {
    const item = dictionary[key];
    if (item === undefined) continue;
    out.byte(0x0a);
    out.byte(0x2f);
    out.text(key);
    out.byte(0x20);
    put(w, item);
  }
  out.byte(0x0a);
  out.byte(0x3e);
  out.byte(0x3e);
}

/** The part of pdfkit's `PDFTree` (name and number trees) that its `toString` reads. */
interface TreeInternals {
  _items: Record<string, unknown>;
  limits: boolean;
  _compareKeys(a: string, b: string): number;
  _keysName(): string;
  _dataForKey(key: string): unknown;
}

/** Writes a name or number tree as pdfkit's `PDFTree.toString` does (the structure tree's parent tree is one). */
function putTree(w: FileWriter, tree: TreeInternals): void {
  const out = w.file;
  const sortedKeys = Object.keys(tree._items).sort((a, b) => tree._compareKeys(a, b));
  out.text('<<');
  if (tree.limits && sortedKeys.length > 1) {
    out.text('\n  /Limits ');
    put(w, [tree._dataForKey(sortedKeys[0]!), tree._dataForKey(sortedKeys[sortedKeys.length - 1]!)]);
  }
  out.text(`\n  /${tree._keysName()} [`);
  for (const key of sortedKeys) {
    out.text('\n    ');
    put(w, tree._dataForKey(key));
    out.byte(0x20);
    put(w, tree._items[key]);
  }
  out.text('\n]\n>>');
}

/**
 * Writes one indirect object (and its stream) into the file as pdfkit's
 * `PDFReference.finalize` writes it; false, having written nothing, when
 * pdfkit must write it.
 */
function writeObject(w: FileWriter, ref: ReferenceInternals, stream: Uint8Array | undefined): boolean {
  const { doc, file } = w;
  const start = file.length;
  file.text(`${ref.id} ${ref.gen} obj`);
  file.byte(0x0a);
  try {
    put(w, ref.data);
  } catch (thrown) {
    if (thrown !== UNSUPPORTED) throw thrown;
    file.length = start;
    return false;
  }
  file.byte(0x0a);
  if (stream) {
    file.text('stream\n');
    file.append(stream);
    file.text('\nendstream\n');
  }
  file.text('endobj\n');
  ref.offset = doc._offset;
  doc._offset += file.length - start;
  doc._refEnd(ref);
  return true;
}

/** Makes a stream object collect what is written to it in one byte buffer, and write itself into the file. */
function collectText(ref: ReferenceInternals, w: FileWriter): ReferenceInternals {
  let sink: ByteSink | undefined;
  const sinkFor = (): ByteSink => {
    if (!sink) {
      sink = takeSink(4096);
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
    let stream: Uint8Array | undefined;
    if (sink && sink.length > 0) {
      // Counted as written when it was (see `written`); one piece for pdfkit to finish.
      const bytes = sink.bytes.subarray(0, sink.length);
      if (!ref.compress) stream = bytes;
      else if (sink.length < TINY) {
        // Deflating a few bytes only adds zlib's header and checksum.
        stream = bytes;
        ref.compress = false;
        delete ref.data.Filter;
      } else {
        // Deflated here rather than by pdfkit, with less working memory than
        // zlib's default (a 16 kB window, smaller hash): zlib sets up and
        // clears its state for every stream, which cost more than the
        // compression itself, for output within a few bytes of the default's.
        stream = deflateSync(bytes, DEFLATE_OPTIONS);
        ref.compress = false;
      }
      ref.data.Length = stream.length;
    }
    sinks.delete(ref);
    const done = sink;
    sink = undefined;
    // Both ways copy the stream's bytes before they return (pdfkit joins its pieces into a new array).
    if (ref.buffer.length > 0 || !writeObject(w, ref, stream)) {
      if (stream) ref.buffer.push(stream);
      finalize();
    }
    if (done) releaseSink(done);
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

/** The part of pdfkit's document that marked content uses. */
interface MarkingInternals {
  page: { markings: { tag: string; options?: object; structContent?: unknown }[] };
  markContent(tag: string, options?: object | null): unknown;
  endMarkedContent(): unknown;
  addContent(data: string): unknown;
}

/**
 * Opens marked content with only a marked-content id (a line of text in the
 * structure tree) without pdfkit's object writer: the same operators pdfkit's
 * `markContent` writes, and the same bookkeeping. Any other marked content
 * is pdfkit's.
 */
function fastMarkedContent(pdf: PDFKit.PDFDocument): void {
  const doc = pdf as unknown as MarkingInternals;
  const markContent = doc.markContent.bind(doc);
  doc.markContent = (tag: string, options?: object | null): unknown => {
    const mcid = (options as { mcid?: unknown } | null | undefined)?.mcid;
    if (tag === 'Artifact' || tag === 'Span' || typeof mcid !== 'number' || !(mcid > -1e21 && mcid < 1e21) || Object.keys(options!).length !== 1) return markContent(tag, options);
    const markings = doc.page.markings;
    if (mcid) {
      // As pdfkit: close what is open from the first structure content or artifact on.
      let toClose = 0;
      for (const marking of markings) if (toClose || marking.structContent || marking.tag === 'Artifact') toClose++;
      while (toClose--) doc.endMarkedContent();
    }
    doc.page.markings.push({ tag, options: options! });
    doc.addContent(`/${tag} <<\n/MCID ${Math.round(mcid * 1e6) / 1e6}\n>> BDC`);
    return pdf;
  };
}

/**
 * Makes `pdf` write its file into one growing byte buffer (objects written
 * from their data straight into bytes, see `put`), and returns the function
 * that gives the file's bytes once pdfkit has finished, after `head` (what
 * pdfkit wrote before: nothing goes through pdfkit's Readable stream). The
 * buffer is reused once the bytes are taken.
 */
export function collectOutput(pdf: PDFKit.PDFDocument): (head: readonly Uint8Array[]) => Uint8Array {
  const doc = pdf as unknown as DocumentInternals;
  const file = takeSink(64 * 1024);
  doc._write = (data: string | Uint8Array): void => {
    const before = file.length;
    if (data instanceof Uint8Array) file.append(data);
    else {
      file.text(`${data}`);
      file.byte(0x0a);
    }
    doc._offset += file.length - before;
  };
  const referenceProto = Object.getPrototypeOf(Object.getPrototypeOf(doc._root) as object) as object;
  const dests = doc._root.data.Names?.data?.Dests;
  const writer: FileWriter = {
    doc,
    file,
    referenceProto,
    plainReferenceProto: Object.getPrototypeOf(doc._root) as object,
    treeProto: dests ? (Object.getPrototypeOf(Object.getPrototypeOf(dests) as object) as object) : undefined,
  };
  const ref = doc.ref.bind(doc);
  // An encrypted document (never the fact sheet) keeps pdfkit's writing.
  if (!doc._security) {
    doc.ref = (data?: object) => collectText(ref(data), writer);
    // The objects pdfkit made before this (catalog, pages, names, structure tree root) are written the same way.
    for (const made of Object.values(doc._root.data)) if (Object.getPrototypeOf(made) === writer.plainReferenceProto) collectText(made as ReferenceInternals, writer);
    collectText(doc._root, writer);
    fastMarkedContent(pdf);
  }
  return (head) => {
    let length = file.length;
    for (const chunk of head) length += chunk.length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const chunk of head) {
      out.set(chunk, at);
      at += chunk.length;
    }
    out.set(file.bytes.subarray(0, file.length), at);
    releaseSink(file);
    return out;
  };
}
