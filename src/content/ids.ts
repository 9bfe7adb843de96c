/** What an item id must look like (contract §1). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Slugifies a file name into an id: lower case, runs of other characters become `-`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
