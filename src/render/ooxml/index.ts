/** The OOXML package writer shared by the DOCX and PPTX writers. */
export { normalizeOfficePackage, writeOfficePackage, dosDateTime, type PartEdit } from './package.js';
export { clearZipMemo } from './zip.js';
