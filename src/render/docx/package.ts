/**
 * The parts of a docx library document, without zipping them: the library's
 * `Packer` deflates every part into a zip file, which the OOXML writer would
 * only unzip again to normalise and re-deflate the package. Its compiler
 * gives the same parts (XML as text, media as bytes) before that step.
 */
import { unzipSync } from 'fflate';
import { Packer, type Document } from 'docx';

/** A package part as the compiler gives it. */
type CompiledData = string | Uint8Array | ArrayBuffer;

/** The compiler `Packer` uses (`Packer.compiler`, not part of the library's typings). */
interface DocxCompiler {
  compile(file: Document): ReadonlyMap<string, CompiledData>;
}

function isCompiler(value: unknown): value is DocxCompiler {
  return typeof value === 'object' && value !== null && typeof (value as { compile?: unknown }).compile === 'function';
}

/** The compiler, when this version of the library has the one `Packer` uses. */
const compiler: DocxCompiler | undefined = ((candidate: unknown) => (isCompiler(candidate) ? candidate : undefined))(
  (Packer as unknown as { compiler?: unknown }).compiler,
);

function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  // A Buffer (or a view from another realm) is read as plain bytes, as the library's own zip step does.
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The parts of the package `Packer.pack(document)` would zip, by path: the
 * same paths and the same content (text is what it writes as UTF-8).
 */
export async function documentParts(document: Document): Promise<[string, string | Uint8Array][]> {
  if (!compiler) return Object.entries(unzipSync(await Packer.pack(document, 'uint8array')));
  const parts: [string, string | Uint8Array][] = [];
  for (const [path, data] of compiler.compile(document)) parts.push([path, typeof data === 'string' ? data : bytesOf(data)]);
  return parts;
}
