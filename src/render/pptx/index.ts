/** The PowerPoint writer: `Deck` → .pptx through pptxgenjs, re-zipped deterministically. */
export { renderPptx } from './render.js';
