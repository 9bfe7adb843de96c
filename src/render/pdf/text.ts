import { splitGraphemes, type Face } from './fonts.js';
import type { Painter } from './painter.js';
import type { TextStyle } from './styles.js';
import type { Tag } from './tags.js';

/** A run of inline content with its emphasis, as the inline handlers produce it. */
export interface Span {
  text: string;
  bold: boolean;
  /** Toggles the slant of the paragraph style (emphasis inside italic text is upright). */
  italic: boolean;
  mono: boolean;
  link?: string;
  /** A hard line break; `text` is empty. */
  hardBreak?: boolean;
}

/** The smallest drawable unit of a line: text in one font, size and colour. */
interface Piece {
  text: string;
  font: string;
  size: number;
  color: string;
  link?: string;
  actual?: string;
  width: number;
  /** The texts a merged piece was joined from (words and spaces), for drawing it without cutting it again. */
  parts?: readonly string[];
}

/** One laid-out line: its pieces left to right and their total width. */
export interface Line {
  pieces: Piece[];
  width: number;
}

type Token = { kind: 'word'; pieces: Piece[] } | { kind: 'space'; piece: Piece } | { kind: 'opportunity' } | { kind: 'hard' };

/** Space, tab, line feed, carriage return, form feed: white space that collapses to one space. */
function isCollapsible(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}
// A break is allowed after an en or em dash between letters or digits, not
// after a hyphen: text extractors (pdftotext, viewers' copy) drop a hyphen at
// the end of a line as if it were a soft hyphen, so "co-operation" broken
// there would extract as "cooperation".
const AFTER_DASH = /(?<=[\p{L}\p{N}][\u2013\u2014])(?=[\p{L}\p{N}])/u;

function faceOf(style: TextStyle, span: Span): Face {
  if (span.mono || style.mono) return 'mono';
  const bold = style.bold || span.bold;
  const italic = style.italic !== span.italic;
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  return italic ? 'italic' : 'regular';
}

function piecesOf(painter: Painter, text: string, face: Face, style: TextStyle, span: Span): Piece[] {
  const color = span.link ? style.linkColor : style.color;
  const pieces: Piece[] = [];
  for (const run of painter.fonts.runs(text, face)) {
    if (run.text === '') continue;
    const piece: Piece = { text: run.text, font: run.font, size: style.size, color, width: painter.measure(run.text, run.font, style.size) };
    if (span.link) piece.link = span.link;
    if (run.actual !== undefined) piece.actual = run.actual;
    pieces.push(piece);
  }
  return pieces;
}

// A word's token (its pieces, measured) depends only on the word, the face,
// the size, the colour and the link: made once per document for each. Tokens
// and their pieces are never changed afterwards (merging copies pieces).
const wordTokenCaches = new WeakMap<Painter, Map<string, Map<string, Token>>>();

function wordTokens(painter: Painter, face: Face, style: TextStyle, span: Span): Map<string, Token> {
  let byStyle = wordTokenCaches.get(painter);
  if (!byStyle) wordTokenCaches.set(painter, (byStyle = new Map()));
  const key = `${face}\u0000${style.size}\u0000${span.link ? style.linkColor : style.color}\u0000${span.link || ''}`;
  let known = byStyle.get(key);
  if (!known) byStyle.set(key, (known = new Map()));
  return known;
}

function tokenize(painter: Painter, spans: Span[], style: TextStyle): Token[] {
  const tokens: Token[] = [];
  for (const span of spans) {
    if (span.hardBreak) {
      tokens.push({ kind: 'hard' });
      continue;
    }
    const face = faceOf(style, span);
    const space = (text: string): Token => {
      const font = painter.fonts.baseFont(face).key;
      const color = span.link ? style.linkColor : style.color;
      const piece: Piece = { text, font, size: style.size, color, width: painter.measure(text, font, style.size) };
      if (span.link) piece.link = span.link;
      return { kind: 'space', piece };
    };
    const known = wordTokens(painter, face, style, span);
    const words = (part: string): void => {
      // Only a part with an en or em dash can be cut after one.
      if (!part.includes('\u2013') && !part.includes('\u2014')) {
        let token = known.get(part);
        if (!token) known.set(part, (token = { kind: 'word', pieces: piecesOf(painter, part, face, style, span) }));
        tokens.push(token);
        return;
      }
      part.split(AFTER_DASH).forEach((chunk, i) => {
        if (i > 0) tokens.push({ kind: 'opportunity' });
        tokens.push({ kind: 'word', pieces: piecesOf(painter, chunk, face, style, span) });
      });
    };
    if (style.whitespace !== 'pre') {
      // Parts between runs of white space, each run one space (one token shared by the span: pieces are never changed).
      const text = span.text;
      let gap: Token | undefined;
      for (let i = 0; i < text.length; ) {
        const start = i;
        if (isCollapsible(text.charCodeAt(i))) {
          while (i < text.length && isCollapsible(text.charCodeAt(i))) i++;
          tokens.push((gap ??= space(' ')));
          continue;
        }
        while (i < text.length && !isCollapsible(text.charCodeAt(i))) i++;
        words(text.slice(start, i));
      }
      continue;
    }
    const lines = span.text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
    lines.forEach((lineText, index) => {
      if (index > 0) tokens.push({ kind: 'hard' });
      for (const part of lineText.split(/( +)/)) {
        if (part === '') continue;
        if (/^[ \t\n\r\f]+$/.test(part)) tokens.push(space(part));
        else words(part);
      }
    });
  }
  return tokens;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** The space before the word, if the break opportunity before it is a space. */
  space?: Piece;
  hardBefore: boolean;
}

function wordsOf(tokens: Token[], pre: boolean): Word[] {
  const words: Word[] = [];
  let current: Word | undefined;
  let pendingSpace: Piece | undefined;
  let pendingHard = false;
  let separated = true;
  for (const token of tokens) {
    if (token.kind === 'word') {
      if (!current || separated) {
        current = { pieces: [], width: 0, hardBefore: pendingHard };
        if (pendingSpace) current.space = pendingSpace;
        words.push(current);
        pendingSpace = undefined;
        pendingHard = false;
        separated = false;
      }
      for (const piece of token.pieces) {
        current.pieces.push(piece);
        current.width += piece.width;
      }
    } else if (token.kind === 'space') {
      // Collapse runs of spaces across spans (kept as written in `pre` text).
      if (pre && pendingSpace) {
        pendingSpace = { ...pendingSpace, text: pendingSpace.text + token.piece.text, width: pendingSpace.width + token.piece.width };
      } else if (!pendingSpace) pendingSpace = token.piece;
      separated = true;
    } else if (token.kind === 'opportunity') {
      separated = true;
    } else {
      if (pendingHard) words.push({ pieces: [], width: 0, hardBefore: true });
      pendingHard = true;
      pendingSpace = undefined;
      separated = true;
    }
  }
  if (pendingHard) words.push({ pieces: [], width: 0, hardBefore: true });
  // A trailing space in `pre` text (or spaces at the start of a `pre` line) must stay visible.
  if (pre && pendingSpace) words.push({ pieces: [], width: 0, space: pendingSpace, hardBefore: false });
  return words;
}

function sliceByGraphemes(painter: Painter, piece: Piece): Piece[] {
  if (piece.actual !== undefined) return [piece];
  return splitGraphemes(piece.text).map((g) => ({ ...piece, text: g, width: painter.measure(g, piece.font, piece.size) }));
}

function mergePieces(painter: Painter, pieces: Piece[]): Piece[] {
  const merged: Piece[] = [];
  // The texts each merged piece is made of (then it is measured again as a whole).
  const parts: (string[] | undefined)[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.font === piece.font && last.size === piece.size && last.color === piece.color && last.link === piece.link && last.actual === undefined && piece.actual === undefined) {
      const joined = (parts[merged.length - 1] ??= [last.text]);
      joined.push(piece.text);
      last.text += piece.text;
    } else {
      merged.push({ ...piece });
      parts.push(undefined);
    }
  }
  // A piece left alone keeps its width (measured from the same text, font and size).
  merged.forEach((piece, i) => {
    const joined = parts[i];
    if (joined) {
      piece.width = painter.measureJoined(joined, piece.text, piece.font, piece.size);
      piece.parts = joined;
    }
  });
  return merged;
}

/**
 * Breaks styled spans into lines no wider than `width`: greedy, at spaces and
 * after dashes; a word longer than a line is broken between grapheme clusters
 * without a hyphen.
 */
export function breakLines(painter: Painter, spans: Span[], style: TextStyle, width: number): Line[] {
  const pre = style.whitespace === 'pre';
  const words = wordsOf(tokenize(painter, spans, style), pre);
  const lines: Line[] = [];
  let line: Piece[] = [];
  let lineWidth = 0;
  let lineOpen = false;
  const flush = (): void => {
    lines.push({ pieces: mergePieces(painter, line), width: 0 });
    line = [];
    lineWidth = 0;
    lineOpen = false;
  };
  const place = (word: Word): void => {
    if (word.width <= width - lineWidth) {
      line.push(...word.pieces);
      lineWidth += word.width;
      return;
    }
    // Too long for any line: fill this line grapheme by grapheme, then the next.
    for (const g of word.pieces.flatMap((p) => sliceByGraphemes(painter, p))) {
      if (lineWidth + g.width > width && line.length > 0) {
        flush();
        lineOpen = true;
      }
      line.push(g);
      lineWidth += g.width;
    }
  };
  for (const word of words) {
    if (word.hardBefore) {
      flush();
      lineOpen = true;
    }
    const startOfLine = line.length === 0;
    const space = word.space && (!startOfLine || pre) ? word.space : undefined;
    const spaceWidth = space?.width ?? 0;
    if (startOfLine || lineWidth + spaceWidth + word.width <= width) {
      if (space) {
        line.push(space);
        lineWidth += spaceWidth;
      }
      place(word);
    } else {
      flush();
      place(word);
    }
    lineOpen = true;
  }
  if (line.length > 0 || lineOpen || lines.length === 0) flush();
  for (const l of lines) {
    // Trailing spaces do not count for alignment or fit.
    while (l.pieces.length > 0 && /^ +$/.test(l.pieces[l.pieces.length - 1]!.text) && !pre) l.pieces.pop();
    l.width = l.pieces.reduce((sum, p) => sum + p.width, 0);
  }
  return lines;
}

/** The natural width of spans set on one line (for table column sizing). */
export function naturalWidth(painter: Painter, spans: Span[], style: TextStyle): { max: number; min: number } {
  const words = wordsOf(tokenize(painter, spans, style), style.whitespace === 'pre');
  let max = 0;
  let current = 0;
  let min = 0;
  for (const word of words) {
    if (word.hardBefore) current = 0;
    current += (word.space?.width ?? 0) + word.width;
    max = Math.max(max, current);
    min = Math.max(min, Math.min(word.width, 120));
  }
  return { max, min };
}

/**
 * Draws laid-out lines from `top`, one every `style.leading` points, aligned
 * within `width`. With a `tag` each line is marked content of that structure
 * element (links as `Link` elements); without one the caller has marked it.
 */
export function drawLines(painter: Painter, lines: Line[], style: TextStyle, x: number, top: number, width: number, tag?: Tag): void {
  const metrics = painter.fonts.metrics(style.mono ? 'mono' : 'regular');
  const glyphHeight = (metrics.ascent + metrics.descent) * style.size;
  const baselineOffset = (style.leading - glyphHeight) / 2 + metrics.ascent * style.size;
  lines.forEach((line, index) => {
    const lineTop = top + index * style.leading;
    const baseline = lineTop + baselineOffset;
    let cursor = x + (style.align === 'center' ? (width - line.width) / 2 : style.align === 'right' ? width - line.width : 0);
    // Consecutive pieces with the same link target form one run.
    const runs: { link: string | undefined; pieces: Piece[]; x: number; width: number }[] = [];
    for (const piece of line.pieces) {
      const last = runs[runs.length - 1];
      if (last && last.link === piece.link) {
        last.pieces.push(piece);
        last.width += piece.width;
      } else runs.push({ link: piece.link, pieces: [piece], x: cursor, width: piece.width });
      cursor += piece.width;
    }
    for (const run of runs) {
      const draw = (): void => {
        let at = run.x;
        for (const piece of run.pieces) {
          painter.drawText(piece.text, piece.font, piece.size, piece.color, at, baseline, piece.actual, piece.parts);
          if (piece.link && piece.text.trim() !== '') painter.line(at, baseline + style.size * 0.12, at + piece.width, baseline + style.size * 0.12, piece.color, 0.5);
          at += piece.width;
        }
      };
      if (!tag) {
        draw();
        if (run.link !== undefined) painter.pdf.link(run.x, lineTop, run.width, style.leading, run.link);
      } else if (run.link === undefined) painter.content(tag, draw);
      else painter.link(tag, run.link, [{ x: run.x, y: lineTop, width: run.width, height: style.leading }], draw);
    }
  });
}
