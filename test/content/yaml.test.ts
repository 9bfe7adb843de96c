import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlText, yamlTextKey, yamlVersion, type ParsedYamlFile } from '../../src/content/yaml.js';
import { mayBeDirectives, readsAsDirectives } from '../../src/render/outline/notes.js';
import { REPO } from '../helpers/project.js';
import { seedFor } from '../helpers/seed.js';

/** Every YAML file under templates/ (what the build parses ahead). */
function shippedYaml(dir = join(REPO, 'templates')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? shippedYaml(path) : /\.ya?ml$/u.test(name) ? [path] : [];
  });
}

describe('YAML parsed at build time', () => {
  // test/global-setup.ts builds dist/ as `npm run build` does.
  const built = JSON.parse(readFileSync(join(REPO, 'dist/template/parsed-yaml.json'), 'utf8')) as ParsedYamlFile;

  it('holds every shipped YAML file, parsed by the installed yaml exactly as the library parses it', () => {
    expect(built.yaml).toBe(yamlVersion());
    const files = shippedYaml();
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(JSON.parse(built.texts[yamlTextKey(text)]!), file).toEqual(parse(text));
      expect(parseYamlText(text), file).toEqual(parse(text));
    }
  });

  it('parses any other text with the library, and hands out copies', () => {
    const theme = readFileSync(join(REPO, 'templates/brief/theme.yaml'), 'utf8');
    const edited = `${theme}\n# edited\n`;
    expect(built.texts[yamlTextKey(edited)]).toBeUndefined();
    expect(parseYamlText(edited)).toEqual(parse(edited));
    const first = parseYamlText(theme) as { page: { size: string } };
    first.page.size = 'Letter';
    expect((parseYamlText(theme) as { page: { size: string } }).page.size).toBe('A4');
    expect(() => parseYamlText('a: [1, 2')).toThrow();
  });
});

// Marp's directive names (the oracle: what notes.ts must never miss).
const MARP_DIRECTIVES = ['theme', 'style', 'headingDivider', 'lang', 'size', 'math', 'title', 'description', 'author', 'image', 'keywords', 'url', 'marp', 'paginate', 'header', 'footer', 'class', 'backgroundColor', 'backgroundImage', 'backgroundPosition', 'backgroundRepeat', 'backgroundSize', 'color', 'transition'];

describe('speaker notes that could be Marp directives', () => {
  const names = ['theme', 'paginate', 'header', '_class', '$style', 'footer', 'backgroundColor', 'size'];
  const piece = fc.oneof(
    fc.constantFrom(...names, ':', ': ', ' : ', '\n', '\n  ', '- ', '"', "'", '{', '}', '?', '#', '*', '&a ', '!!str ', '\\u0074', ',', '[', ']', '|', '>'),
    fc.string({ maxLength: 6 }),
  );
  it('are parsed whenever parsing could find a directive key (the quick test never hides one)', () => {
    let parsed = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const body = pieces.join('');
        if (mayBeDirectives(body)) {
          parsed++;
          return;
        }
        let value: unknown;
        try {
          value = parse(body, { schema: 'failsafe', logLevel: 'silent' });
        } catch {
          return;
        }
        const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
        expect(keys.filter((key) => MARP_DIRECTIVES.includes(key.replace(/^[_$]/u, ''))), JSON.stringify(body)).toEqual([]);
        expect(readsAsDirectives(body)).toBe(false);
      }),
      { numRuns: 3000, seed: seedFor('notes quick directive test'), endOnFailure: true },
    );
    expect(parsed).toBeGreaterThan(100);
  });

  it('still finds real directives', () => {
    expect(readsAsDirectives('theme: gaia')).toBe(true);
    expect(readsAsDirectives('_class: lead\nsomething: else')).toBe(true);
    expect(readsAsDirectives('{ paginate }')).toBe(true);
    expect(readsAsDirectives('? header\n: x')).toBe(true);
    expect(readsAsDirectives('Talk about the theme of the meeting.')).toBe(false);
  });
});
