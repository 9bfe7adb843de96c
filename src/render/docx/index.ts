/**
 * The Word briefing note renderer and the OOXML package normaliser it uses
 * (shared with the future .pptx writer).
 */
export { renderDocx } from './render.js';

