import { attr } from './attr.js';
import { attrs } from './attrs.js';
import { eq } from './eq.js';
import { formatDate } from './format-date.js';
import { join } from './join.js';
import { t } from './t.js';

/** The built-in helpers every template set gets, by name. */
export const builtinHelpers = { attr, attrs, eq, formatDate, join, t } as const;

export { formatIsoDate } from './format-date.js';
