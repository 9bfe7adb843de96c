/** The OOXML package normaliser shared by the DOCX and PPTX writers. */
export { normalizeOfficePackage, dosDateTime, type PartEdit } from './package.js';
