/** The Markdown outline writer: `Deck` → Marp/Pandoc Markdown. */
export { renderOutline, renderOutlineMarp, renderOutlinePandoc, deckToOutline } from './render.js';
export { defaultOutlineOptions, type OutlineOptions } from './options.js';
export { neutraliseComment } from './notes.js';
