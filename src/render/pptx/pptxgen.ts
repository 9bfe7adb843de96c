/**
 * pptxgenjs, loaded the same way under its types (a CommonJS view, where the
 * class is `default` of the module) and at run time (the ES build, where the
 * class is the default export itself).
 */
import pptxgenjs from 'pptxgenjs';

type PptxClass = typeof pptxgenjs.default;

/** The pptxgenjs presentation class. */
export const PptxGenJS: PptxClass =
  (pptxgenjs as unknown as { default?: PptxClass }).default ?? (pptxgenjs as unknown as PptxClass);

/** A pptxgenjs presentation. */
export type Presentation = InstanceType<PptxClass>;
/** A text run with its options. */
export type TextProps = pptxgenjs.default.TextProps;
/** Options of a text run or paragraph. */
export type TextPropsOptions = pptxgenjs.default.TextPropsOptions;
/** A slide master definition. */
export type SlideMasterProps = pptxgenjs.default.SlideMasterProps;
/** A table cell. */
export type TableCell = pptxgenjs.default.TableCell;
