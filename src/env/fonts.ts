import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FontFile, FontSet, FontStyle } from './types.js';

const require = createRequire(import.meta.url);

/** Where each bundled face lives: an npm package and a file inside it. */
const BUNDLED: {
  primary: Record<FontStyle, { family: string; key: string; file: string }>;
  mono: { family: string; key: string; file: string };
  fallbacks: { family: string; key: string; file: string }[];
} = {
  primary: {
    regular: { family: 'Noto Sans', key: 'NotoSans-Regular', file: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf' },
    bold: { family: 'Noto Sans', key: 'NotoSans-Bold', file: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf' },
    italic: { family: 'Noto Sans', key: 'NotoSans-Italic', file: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf' },
    boldItalic: { family: 'Noto Sans', key: 'NotoSans-BoldItalic', file: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf' },
  },
  mono: { family: 'DejaVu Sans Mono', key: 'DejaVuSansMono', file: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf' },
  fallbacks: [
    { family: 'DejaVu Sans', key: 'DejaVuSans', file: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf' },
    { family: 'Noto Emoji', key: 'NotoEmoji-Regular', file: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf' },
  ],
};

function load(spec: { family: string; key: string; file: string }, style: FontStyle): FontFile {
  const path = require.resolve(spec.file);
  return { family: spec.family, key: spec.key, style, bytes: new Uint8Array(readFileSync(path)) };
}

/** Reads the fonts shipped by briefkit's npm dependencies. */
export function loadBundledFonts(): FontSet {
  return {
    primary: {
      regular: load(BUNDLED.primary.regular, 'regular'),
      bold: load(BUNDLED.primary.bold, 'bold'),
      italic: load(BUNDLED.primary.italic, 'italic'),
      boldItalic: load(BUNDLED.primary.boldItalic, 'boldItalic'),
    },
    mono: load(BUNDLED.mono, 'regular'),
    fallbacks: BUNDLED.fallbacks.map((spec) => load(spec, 'regular')),
  };
}

/** The package versions of the bundled fonts, part of every output's inputs hash. */
export function bundledFontVersions(): string[] {
  const packages = ['@expo-google-fonts/noto-sans', 'dejavu-fonts-ttf', '@expo-google-fonts/noto-emoji'];
  return packages.map((name) => {
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
    return `${name}@${pkg.version}`;
  });
}
