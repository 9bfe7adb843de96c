/** Options of the outline writer. */
export interface OutlineOptions {
  /**
   * `marp` (default): Marp front matter and notes in `<!-- … -->` comments;
   * `pandoc`: notes in `::: notes` blocks, which Pandoc's slide writers read.
   */
  flavor: 'marp' | 'pandoc';
}

/** The defaults: the Marp flavour. */
export const defaultOutlineOptions: OutlineOptions = { flavor: 'marp' };
