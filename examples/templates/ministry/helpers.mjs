// Helpers of the `ministry` set, next to briefkit's built-in ones. Arguments arrive
// as their text; a string returned is plain text (escaped for Markdown).

/** `{{fileRef reference}}` → `Ref. MIN/2025/014` (the label comes from i18n). */
export function fileRef(reference, label) {
  return `${String(label)} ${String(reference).trim()}`;
}
