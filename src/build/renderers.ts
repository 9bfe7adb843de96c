import type { OutputFormat } from '../template/index.js';
import type { Renderer, RenderInput, RenderResult } from '../render/types.js';

/** Options that change what a renderer writes (and so belong in the inputs hash). */
export interface RenderOptions {
  outlineFlavor: 'marp' | 'pandoc';
}

/** The default render options. */
export const defaultRenderOptions: RenderOptions = { outlineFlavor: 'marp' };

/** File name suffix of each format's output (`ID/ID-factsheet.pdf`). */
export const OUTPUT_SUFFIX: Record<OutputFormat, string> = {
  pdf: '-factsheet.pdf',
  docx: '-briefing.docx',
  outline: '-outline.md',
  pptx: '-slides.pptx',
};

/** The output path of a format, relative to the output folder. */
export function outputPath(id: string, format: OutputFormat): string {
  return `${id}/${id}${OUTPUT_SUFFIX[format]}`;
}

/**
 * Imports the renderer of a format and returns it with the options applied.
 * Renderers are imported on first use, so a build that writes only the
 * outline never loads pdfkit or docx (cold start matters).
 */
export async function loadRenderer(format: OutputFormat, options: RenderOptions = defaultRenderOptions): Promise<Renderer> {
  switch (format) {
    case 'pdf':
      return (await import('../render/pdf/index.js')).renderPdf;
    case 'docx':
      return (await import('../render/docx/index.js')).renderDocx;
    case 'outline': {
      const { renderOutline } = await import('../render/outline/index.js');
      return (input) => renderOutline(input, { flavor: options.outlineFlavor });
    }
    case 'pptx':
      return (await import('../render/pptx/index.js')).renderPptx;
  }
}

/** Renders one format in this thread, importing its renderer on first use. */
export async function renderFormat(format: OutputFormat, input: RenderInput, options: RenderOptions): Promise<RenderResult> {
  return (await loadRenderer(format, options))(input);
}
