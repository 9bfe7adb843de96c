/** The slide plan: `Doc` → `Deck`, shared by the outline and pptx writers. */
export { docToDeck } from './from-doc.js';
export { deckHandlers } from './handlers/index.js';
export { plainText, splitSentences, fitLine, isLongLine, countWords } from './text.js';
export * from './model.js';
