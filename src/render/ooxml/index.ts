export { normalizeOfficePackage, dosDateTime } from './package.js';
