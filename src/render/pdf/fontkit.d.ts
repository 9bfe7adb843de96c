/** The small part of fontkit (which ships no types) that the PDF renderer uses. */
declare module 'fontkit' {
  /** A parsed font face. */
  export interface FontkitFont {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  /** Parses font bytes; a collection file yields an object without `hasGlyphForCodePoint`. */
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
