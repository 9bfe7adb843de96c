import { splitGraphemes, type Face } from './fonts.js';
import { Painter } from './painter.js';
import type { ShapedRun } from './shaping.js';
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
  /** The word shapes a merged piece (words and spaces joined) is measured and drawn from, without cutting its text again. */
  shapes?: readonly ShapedRun[];
}

/** One laid-out line: its pieces left to right and their total width. */
export interface Line {
  pieces: Piece[];
  width: number;
}

type Token = { kind: 'word'; pieces: Piece[]; width: number } | { kind: 'space'; piece: Piece } | { kind: 'opportunity' } | { kind: 'hard' };

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

/** A word's token: its pieces and their widths added up in order, as a word made of it adds them. */
function wordToken(pieces: Piece[]): Token {
  let width = 0;
  for (const piece of pieces) width += piece.width;
  return { kind: 'word', pieces, width };
}

/** The token of a run of white space set as `text` in a span (one space where white space collapses). */
function spaceToken(painter: Painter, text: string, face: Face, style: TextStyle, span: Span): Token {
  const font = painter.fonts.baseFont(face).key;
  const color = span.link ? style.linkColor : style.color;
  const piece: Piece = { text, font, size: style.size, color, width: painter.measure(text, font, style.size) };
  if (span.link) piece.link = span.link;
  return { kind: 'space', piece };
}

// The key of the collapsed space's token among a style's word tokens (no word is empty).
const SPACE_KEY = '';

/** Pushes the token(s) of a word; a word with an en or em dash (`dash`) can be cut after one. */
function pushWord(tokens: Token[], known: Map<string, Token>, part: string, dash: boolean, painter: Painter, face: Face, style: TextStyle, span: Span): void {
  if (!dash) {
    let token = known.get(part);
    if (!token) known.set(part, (token = wordToken(piecesOf(painter, part, face, style, span))));
    tokens.push(token);
    return;
  }
  part.split(AFTER_DASH).forEach((chunk, i) => {
    if (i > 0) tokens.push({ kind: 'opportunity' });
    tokens.push(wordToken(piecesOf(painter, chunk, face, style, span)));
  });
}

function tokenize(painter: Painter, spans: Span[], style: TextStyle): Token[] {
  const tokens: Token[] = [];
  for (const span of spans) {
    if (span.hardBreak) {
      tokens.push({ kind: 'hard' });
      continue;
    }
    const face = faceOf(style, span);
    const known = wordTokens(painter, face, style, span);
    if (style.whitespace !== 'pre') {
      // Parts between runs of white space, each run one space (one token per
      // style and link in a document: pieces are never changed).
      const text = span.text;
      for (let i = 0; i < text.length; ) {
        const start = i;
        if (isCollapsible(text.charCodeAt(i))) {
          while (i < text.length && isCollapsible(text.charCodeAt(i))) i++;
          let gap = known.get(SPACE_KEY);
          if (!gap) known.set(SPACE_KEY, (gap = spaceToken(painter, ' ', face, style, span)));
          tokens.push(gap);
          continue;
        }
        let dash = false;
        for (; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (isCollapsible(c)) break;
          if (c === 0x2013 || c === 0x2014) dash = true;
        }
        pushWord(tokens, known, text.slice(start, i), dash, painter, face, style, span);
      }
      continue;
    }
    const lines = span.text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
    lines.forEach((lineText, index) => {
      if (index > 0) tokens.push({ kind: 'hard' });
      for (const part of lineText.split(/( +)/)) {
        if (part === '') continue;
        if (/^[ \t\n\r\f]+$/.test(part)) tokens.push(spaceToken(painter, part, face, style, span));
        else pushWord(tokens, known, part, part.includes('\u2013') || part.includes('\u2014'), painter, face, style, span);
      }
    });
  }
  return tokens;
}

interface Word {
  /** A word of one token shares that token's pieces (never changed); a second token makes them its own. */
  pieces: Piece[];
  own: boolean;
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
        current = { pieces: token.pieces, own: false, width: token.width, space: pendingSpace, hardBefore: pendingHard };
        words.push(current);
        pendingSpace = undefined;
        pendingHard = false;
        separated = false;
        continue;
      }
      if (!current.own) {
        current.pieces = current.pieces.slice();
        current.own = true;
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
      if (pendingHard) words.push({ pieces: [], own: true, width: 0, hardBefore: true });
      pendingHard = true;
      pendingSpace = undefined;
      separated = true;
    }
  }
  if (pendingHard) words.push({ pieces: [], own: true, width: 0, hardBefore: true });
  // A trailing space in `pre` text (or spaces at the start of a `pre` line) must stay visible.
  if (pre && pendingSpace) words.push({ pieces: [], own: true, width: 0, space: pendingSpace, hardBefore: false });
  return words;
}

function sliceByGraphemes(painter: Painter, piece: Piece): Piece[] {
  if (piece.actual !== undefined) return [piece];
  return splitGraphemes(piece.text).map((g) => ({ ...piece, text: g, width: painter.measure(g, piece.font, piece.size) }));
}

function mergeable(first: Piece, piece: Piece): boolean {
  return first.font === piece.font && first.size === piece.size && first.color === piece.color && first.link === piece.link && piece.actual === undefined;
}

function mergePieces(painter: Painter, pieces: Piece[]): Piece[] {
  const merged: Piece[] = [];
  for (let i = 0; i < pieces.length; ) {
    const first = pieces[i]!;
    let end = i + 1;
    if (first.actual === undefined) while (end < pieces.length && mergeable(first, pieces[end]!)) end++;
    if (end === i + 1) {
      // A piece left alone keeps its width (pieces are never changed once made).
      merged.push(first);
      i = end;
      continue;
    }
    // The texts the merged piece is made of; it is measured again as a whole, from their shapes.
    const parts: string[] = [];
    for (let k = i; k < end; k++) parts.push(pieces[k]!.text);
    const piece: Piece = { ...first, text: parts.join('') };
    const shapes = painter.joinedShapes(parts, piece.font);
    if (shapes) {
      piece.width = Painter.widthOfShapes(shapes, piece.size);
      piece.shapes = shapes;
    } else piece.width = painter.measureOnce(piece.text, piece.font, piece.size);
    merged.push(piece);
    i = end;
  }
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
      for (const piece of word.pieces) line.push(piece);
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
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const pieces = line.pieces;
    const lineTop = top + index * style.leading;
    const baseline = lineTop + baselineOffset;
    let cursor = x + (style.align === 'center' ? (width - line.width) / 2 : style.align === 'right' ? width - line.width : 0);
    // Consecutive pieces with the same link target form one run, drawn as one.
    for (let start = 0; start < pieces.length; ) {
      const link = pieces[start]!.link;
      const runX = cursor;
      let runWidth = 0;
      let end = start;
      for (; end < pieces.length && pieces[end]!.link === link; end++) {
        runWidth += pieces[end]!.width;
        cursor += pieces[end]!.width;
      }
      const from = start;
      const draw = (): void => {
        let at = runX;
        for (let k = from; k < end; k++) {
          const piece = pieces[k]!;
          painter.drawText(piece.text, piece.font, piece.size, piece.color, at, baseline, piece.actual, piece.shapes);
          if (piece.link && piece.text.trim() !== '') painter.line(at, baseline + style.size * 0.12, at + piece.width, baseline + style.size * 0.12, piece.color, 0.5);
          at += piece.width;
        }
      };
      if (!tag) {
        draw();
        if (link !== undefined) painter.pdf.link(runX, lineTop, runWidth, style.leading, link);
      } else if (link === undefined) painter.content(tag, draw);
      else painter.link(tag, link, [{ x: runX, y: lineTop, width: runWidth, height: style.leading }], draw);
      start = end;
    }
  }
}
