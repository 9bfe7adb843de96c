/**
 * The Word briefing note renderer: Doc → .docx bytes, through the docx
 * library, then normalised so identical input gives identical bytes.
 */
import type { Renderer } from '../types.js';
import type { DocxContext } from './context.js';
import { renderBlocks } from './flow.js';
import { logoSize, pageFooter, pageHeader, pageProperties } from './furniture.js';
import { writeOfficePackage } from '../ooxml/index.js';
import { documentParts } from './package.js';
import { fontEdit } from './fonts.js';
import { createSession } from './session.js';
import { briefingStyles, StyleId } from './styles.js';

/** The name written as the last author of every briefing note. */
const PRODUCER = 'briefkit';

/** Renders a Doc as a Word briefing note; never touches the disk or the clock. */
export const renderDocx: Renderer = async (input) => {
  const session = createSession(input);
  const { meta } = input.doc;
  const context: DocxContext = { session, paragraphStyle: StyleId.normal, listLevel: -1, run: {} };
  const body = renderBlocks(input.doc.children, context);
  const header = pageHeader(session, input.theme, input.logo);
  const logoHeight = input.logo ? logoSize(input.theme, input.logo, session.textArea.width).height : undefined;
  const styles = briefingStyles(input.theme, session.text(meta.lang));
  const customProperties = [
    ...(meta.marking ? [{ name: 'briefkit.marking', value: session.text(meta.marking) }] : []),
    { name: 'briefkit.id', value: session.text(meta.id) },
    { name: 'briefkit.sourceSha256', value: session.text(meta.sourceSha256) },
  ];
  const keywords = [meta.location, ...meta.organizations].filter((k): k is string => Boolean(k));

  const parts = await documentParts({
    title: session.text(meta.title),
    subject: meta.subtitle ? session.text(meta.subtitle) : undefined,
    creator: session.text(meta.organizations.join(', ')),
    keywords: keywords.length > 0 ? session.text(keywords.join('; ')) : undefined,
    description: session.text(meta.dateText),
    lastModifiedBy: PRODUCER,
    revision: 1,
    numbering: { config: session.numberingDefinitions() },
    customProperties,
    sections: [
      {
        properties: { page: pageProperties(input.theme, logoHeight) },
        headers: header ? { default: header } : {},
        footers: { default: pageFooter(session, input.theme) },
        children: body,
      },
    ],
  }, styles);
  return { bytes: writeOfficePackage(parts, input.created, fontEdit(input.theme)), warnings: session.warnings };
};
