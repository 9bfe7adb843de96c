/**
 * fontkit, loaded when a font first needs it: a face without the build's
 * LightFont data, a word the fast shaper leaves to fontkit's layout, or plans
 * worked out at run time. A fact sheet in the bundled fonts whose words all
 * take the fast path never loads it (~50 ms of a cold process).
 *
 * Here, fontkit's CommonJS build from node_modules; the bundle
 * (scripts/bundle.mjs) puts its own module in place of this one, which loads
 * the bundled fontkit (dist/bundle/fontkit.js) the same way.
 */

import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

let fontkit: typeof Fontkit | undefined;

/** The fontkit module, loaded on first call. */
export function loadFontkit(): typeof Fontkit {
  fontkit ??= createRequire(import.meta.url)('fontkit') as typeof Fontkit;
  return fontkit;
}
