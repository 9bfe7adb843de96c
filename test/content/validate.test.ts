import { describe, expect, it } from 'vitest';
import { prepareItem } from '../../src/build/index.js';
import { formatDiagnostic } from '../../src/diagnostics/index.js';
import { memoryProject } from '../helpers/project.js';

const VALID = 'title: T\ndate: 2024-04-17\nsummary: S\n';

async function faults(yaml: string, file = 'content/x.yaml') {
  const result = await prepareItem(memoryProject({ [file]: yaml }), file);
  if (result.ok) throw new Error('expected faults');
  return result.diagnostics.map(formatDiagnostic);
}

describe('validation', () => {
  it('accepts a minimal valid item and fills defaults', async () => {
    const result = await prepareItem(memoryProject({ 'content/My Item!.yaml': VALID }), 'content/My Item!.yaml');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.prepared.item).toMatchObject({ id: 'my-item', lang: 'en', template: 'brief' });
  });

  it('names a missing title and a misspelt summary with a did-you-mean hint', async () => {
    const lines = await faults('date: 2024-04-17\nsumary: Hello\n');
    expect(lines).toContain('content/x.yaml:1:1 title: missing required field `title`');
    expect(lines).toContain('content/x.yaml:2:1 sumary: unknown field `sumary`\n  hint: did you mean `summary`?');
    expect(lines.some((l) => l.startsWith('content/x.yaml:1:1 summary: missing required field `summary`'))).toBe(true);
  });

  it('reports every fault of a file together, each with line, column and field path', async () => {
    const lines = await faults(
      [
        'title: T',
        'date: 17 April 2024',
        'summary: S',
        'key_figures:',
        '  - { value: "1", label: a }',
        '  - { value: "12345678901234567", label: b }',
        '  - { value: 3, label: c }',
        'sections:',
        '  - heading: Empty',
        'figures:',
        '  - src: a.png',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'content/x.yaml:2:7 date: expected a date written YYYY-MM-DD that exists on the calendar, got `17 April 2024`',
        'content/x.yaml:6:14 key_figures[1].value: expected a string of at most 16 characters (this one has 17)',
        'content/x.yaml:7:14 key_figures[2].value: expected a string, got a number (3)\n  hint: put it in quotes: "3"',
        'content/x.yaml:9:5 sections[0]: needs at least one of `body` or `points`',
        'content/x.yaml:11:5 figures[0].alt: missing required field `alt`',
      ]),
    );
  });

  it('rejects impossible calendar dates', async () => {
    expect((await faults('title: T\ndate: 2024-02-30\nsummary: S\n'))[0]).toMatch(/2:7 date: .*2024-02-30/);
  });

  it('counts length limits in code points, not bytes or UTF-16 units', async () => {
    const ok = await prepareItem(memoryProject({ 'content/x.yaml': `${VALID}key_figures:\n  - { value: "${'😀'.repeat(16)}", label: x }\n` }), 'content/x.yaml');
    expect(ok.ok).toBe(true);
    expect((await faults(`${VALID}key_figures:\n  - { value: "${'😀'.repeat(17)}", label: x }\n`))[0]).toMatch(/at most 16 characters \(this one has 17\)/);
  });

  it('rejects link targets other than http, https and mailto at their line', async () => {
    const lines = await faults('title: T\ndate: 2024-04-17\nsummary: |\n  fine [a](https://x.org)\n  bad [b](javascript:alert(1))\n');
    expect(lines).toEqual(['content/x.yaml:5:7 summary: link target `javascript:alert(1)` is not allowed: use an http:, https: or mailto: address']);
  });

  it('suggests the nearest field for unknown nested keys', async () => {
    const lines = await faults(`${VALID}quotes:\n  - text: Hi\n    speeker: A\n`);
    expect(lines).toContain('content/x.yaml:6:5 quotes[0].speeker: unknown field `speeker`\n  hint: did you mean `speaker`?');
  });

  it('warns about a quote that brings its own quotation marks', async () => {
    const result = await prepareItem(memoryProject({ 'content/x.yaml': `${VALID}quotes:\n  - { text: "“Hello”", speaker: A }\n` }), 'content/x.yaml');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.prepared.warnings.map((w) => w.path)).toEqual(['quotes[0].text']);
  });

  it('refuses figures outside the project and files that are not images', async () => {
    const project = memoryProject({
      'content/x.yaml': `${VALID}figures:\n  - { src: ../../secret.png, alt: x }\n  - { src: /etc/passwd, alt: x }\n  - { src: notes.txt, alt: x }\n  - { src: "file:///etc/passwd", alt: x }\n  - { src: missing.png, alt: x }\n`,
      'content/notes.txt': 'not an image',
    });
    const opened: string[] = [];
    const readFile = project.env.readFile;
    const readFileSync = project.env.readFileSync!;
    project.env = { ...project.env, readFile: (path) => (opened.push(path), readFile(path)), readFileSync: (path) => (opened.push(path), readFileSync(path)) };
    const result = await prepareItem(project, 'content/x.yaml');
    if (result.ok) throw new Error('expected faults');
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'content/x.yaml:5:12 figures[0].src: `../../secret.png` points outside the project root',
      'content/x.yaml:6:12 figures[1].src: `/etc/passwd` is an absolute path; write it relative to the content file',
      'content/x.yaml:7:12 figures[2].src: `notes.txt` is not a PNG or JPEG image\n  hint: convert it to PNG or JPEG',
      'content/x.yaml:8:12 figures[3].src: `file:///etc/passwd` is a URL; figures must be image files inside the project (nothing is downloaded)',
      'content/x.yaml:9:12 figures[4].src: image not found: `missing.png` (looked for content/missing.png)',
    ]);
    expect(opened).toContain('/project/content/notes.txt');
    expect(opened.filter((p) => !p.startsWith('/project/'))).toEqual([]);
  });
});
