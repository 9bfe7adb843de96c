/**
 * The parts of a pptxgenjs presentation, without zipping them.
 *
 * pptxgenjs puts its parts into a JSZip object and has JSZip write a zip
 * file, which the OOXML writer would only unzip again. JSZip's zip writer is
 * slow (it encodes, checksums and copies every part through its stream
 * workers); the parts are read from the JSZip object instead (`files`, `dir`,
 * and each file's content, see `contentOf`). pptxgenjs hands that object to
 * `createChartMediaRels` just before it asks for the zip file; that call is
 * where it is picked up, and the zip file is then never written.
 *
 * Whenever pptxgenjs does not go that way (another version), the zip file is
 * written and unzipped as before: the parts, and so the package, are the same.
 */
import { unzipSync } from 'fflate';
import { RenderError } from '../types.js';
import type { Presentation } from './pptxgen.js';

/** A file of a JSZip object, as JSZip's documentation describes it. */
interface ZipObjectLike {
  dir: boolean;
  async(type: 'string'): Promise<string>;
  async(type: 'uint8array'): Promise<Uint8Array>;
}

/** The parts of a JSZip object that are read here. */
interface JSZipLike {
  files: Record<string, ZipObjectLike>;
  generateAsync: (options: unknown) => Promise<unknown>;
}

function isJSZipLike(value: unknown): value is JSZipLike {
  if (typeof value !== 'object' || value === null) return false;
  const zip = value as { files?: unknown; generateAsync?: unknown };
  return typeof zip.files === 'object' && zip.files !== null && typeof zip.generateAsync === 'function';
}

/** The instance property of pptxgenjs through which its zip passes (not part of its typings). */
type ChartMediaRels = (slide: unknown, zip: unknown, chartPromises: unknown[]) => void;

/** What `write` resolves to when the zip was picked up and its zip file not written. */
const PICKED_UP: unique symbol = Symbol('zip picked up');

/** Text parts are read as text: what pptxgenjs gave JSZip. */
const TEXT_PART = /\.(xml|rels)$/i;

/**
 * What JSZip 3 keeps of a file it was given with `file(name, data)` (its
 * `ZipObject`, not in its typings): `_data` is a promise of the content as
 * given (text stays text; base64 is decoded to bytes), `_dataBinary` whether
 * that content is bytes.
 */
interface ZipObjectInternals {
  _data?: unknown;
  _dataBinary?: unknown;
}

/** A folder's entry: empty. */
const FOLDER = new Uint8Array(0);

/**
 * The promise of a file's content as pptxgenjs gave it to JSZip, when JSZip
 * keeps it in the form expected (text for a text part, bytes otherwise);
 * undefined when it does not (another JSZip; or a stream worker or compressed
 * object, as in a zip that was read rather than written).
 */
function givenContent(name: string, file: ZipObjectLike): PromiseLike<unknown> | undefined {
  const { _data: data, _dataBinary: binary } = file as unknown as ZipObjectInternals;
  const thenable = typeof (data as { then?: unknown } | undefined)?.then === 'function';
  return thenable && binary === !TEXT_PART.test(name) ? (data as PromiseLike<unknown>) : undefined;
}

/**
 * The files' contents: text parts as text, anything else as bytes.
 *
 * `async()` gives the same content, but only after passing it through a
 * stream worker that hands each chunk on with a `setImmediate` (~80 parts a
 * deck: ~0.4 ms of CPU, as much again waiting, and garbage). What pptxgenjs
 * gave JSZip is awaited instead, all at once (no function or promise of our
 * own per part); any content not in the form expected is asked of `async()`,
 * as before.
 */
async function partsOf(zip: JSZipLike): Promise<{ parts: [string, string | Uint8Array][]; given: boolean }> {
  const names = Object.keys(zip.files);
  const files = names.map((name) => zip.files[name]!);
  const contents = await Promise.all(files.map((file, i) => (file.dir ? FOLDER : (givenContent(names[i]!, file) ?? null))));
  const parts: [string, string | Uint8Array][] = [];
  let given = true;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const content = contents[i];
    const text = TEXT_PART.test(name);
    if (files[i]!.dir || (text ? typeof content === 'string' : content instanceof Uint8Array)) {
      parts.push([name, content as string | Uint8Array]);
    } else {
      given = false;
      parts.push([name, text ? await files[i]!.async('string') : await files[i]!.async('uint8array')]);
    }
  }
  return { parts, given };
}

/**
 * The parts of the presentation's package by path, folders included (as
 * empty entries ending in `/`), as unzipping `pptx.write()` gives them, and
 * whether they were picked up from the zip object (`given`: every part read
 * as pptxgenjs gave it to JSZip, none through `async()`). `pickUp: false`
 * always writes and unzips the zip file (for tests).
 */
export async function presentationParts(
  pptx: Presentation,
  { pickUp = true }: { pickUp?: boolean } = {},
): Promise<{ parts: [string, string | Uint8Array][]; pickedUp: boolean; given: boolean }> {
  const host = pptx as unknown as { createChartMediaRels?: unknown };
  const original = host.createChartMediaRels;
  let picked: JSZipLike | undefined;
  if (pickUp && typeof original === 'function') {
    const passOn = original as ChartMediaRels;
    const wrapper: ChartMediaRels = (slide, zip, chartPromises) => {
      if (picked === undefined && isJSZipLike(zip)) {
        picked = zip;
        // Only this presentation's own zip object: it answers with a marker instead of writing a zip file.
        zip.generateAsync = () => Promise.resolve(PICKED_UP);
      }
      passOn(slide, zip, chartPromises);
    };
    host.createChartMediaRels = wrapper;
  }
  const written: unknown = await pptx.write({ outputType: 'uint8array', compression: false });
  if (written === PICKED_UP && picked !== undefined) return { ...(await partsOf(picked)), pickedUp: true };
  if (!(written instanceof Uint8Array)) throw new RenderError('pptx: pptxgenjs did not return bytes');
  return { parts: Object.entries(unzipSync(written)), pickedUp: false, given: false };
}
