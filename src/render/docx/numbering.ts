/**
 * Numbering definitions for lists: one bullet definition, and one decimal
 * definition per distinct start number. Every list is its own instance of
 * one of them, so numbering restarts at each list.
 */
import { AlignmentType, LevelFormat, type ILevelsOptions, type NumberingDefinition } from 'docx';
import { listIndent } from './styles.js';

/** Word allows nine list levels (0–8). */
export const MAX_LIST_LEVEL = 8;

const BULLETS = ['•', '–', '▪'] as const;
const NUMBER_FORMATS = [
  { format: LevelFormat.DECIMAL, suffix: '.' },
  { format: LevelFormat.LOWER_LETTER, suffix: ')' },
  { format: LevelFormat.LOWER_ROMAN, suffix: '.' },
] as const;

function levels(make: (level: number) => Omit<ILevelsOptions, 'level' | 'alignment' | 'style'>): ILevelsOptions[] {
  const out: ILevelsOptions[] = [];
  for (let level = 0; level <= MAX_LIST_LEVEL; level++) {
    out.push({ level, alignment: AlignmentType.LEFT, style: { paragraph: { indent: listIndent(level) } }, ...make(level) });
  }
  return out;
}

/** The bullet list definition: •, –, ▪ repeating down the levels. */
export function bulletDefinition(): NumberingDefinition {
  return {
    reference: 'briefkit-bullet',
    levels: levels((level) => ({ format: LevelFormat.BULLET, text: BULLETS[level % BULLETS.length]! })),
  };
}

/** The numbered list definition whose every level starts at `start`: 1., a), i. repeating down the levels. */
export function numberDefinition(start: number): NumberingDefinition {
  return {
    reference: `briefkit-number-from-${start}`,
    levels: levels((level) => {
      const { format, suffix } = NUMBER_FORMATS[level % NUMBER_FORMATS.length]!;
      return { format, text: `%${level + 1}${suffix}`, start };
    }),
  };
}
