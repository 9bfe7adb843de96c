import { describe, expect, it } from 'vitest';
import { loadContent, MAX_NESTING } from '../../src/content/index.js';

const enc = (text: string) => new TextEncoder().encode(text);

function ok(file: string, text: string | Uint8Array) {
  const result = loadContent(file, typeof text === 'string' ? enc(text) : text);
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.diagnostics)}`);
  return result.content;
}

function fails(file: string, text: string | Uint8Array) {
  const result = loadContent(file, typeof text === 'string' ? enc(text) : text);
  if (result.ok) throw new Error('expected a failure');
  return result.diagnostics;
}

describe('loadContent: YAML', () => {
  it('records value and key positions by field path', () => {
    const c = ok('content/a.yaml', 'title: Hello\nkey_figures:\n  - value: "1"\n    label: one\n  - { value: "2", label: two }\n');
    expect(c.data.title).toBe('Hello');
    expect(c.positions.value.get('title')).toEqual({ line: 1, column: 8 });
    expect(c.positions.key.get('key_figures')).toEqual({ line: 2, column: 1 });
    expect(c.positions.value.get('key_figures[0].label')).toEqual({ line: 4, column: 12 });
    expect(c.positions.value.get('key_figures[1].value')).toEqual({ line: 5, column: 14 });
  });

  it('places block scalar text on the line after the indicator', () => {
    const c = ok('content/a.yaml', 'summary: |\n  first\n  second\n');
    expect(c.positions.text.get('summary')).toEqual({ start: { line: 2, column: 3 }, block: true });
  });

  it('keeps dates as strings (YAML 1.2 core schema)', () => {
    expect(ok('content/a.yaml', 'date: 2024-04-17\n').data.date).toBe('2024-04-17');
  });

  it('accepts a UTF-8 BOM and CRLF line endings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('title: A\r\nlocation: B\r\n')]);
    const c = ok('content/a.yaml', bytes);
    expect(c.data).toEqual({ title: 'A', location: 'B' });
    expect(c.positions.value.get('location')).toEqual({ line: 2, column: 11 });
  });

  it('reports syntax errors with line and column', () => {
    const [d] = fails('content/a.yaml', 'title: a\nsummary: [unclosed\n');
    expect(d).toMatchObject({ file: 'content/a.yaml', line: expect.any(Number), column: expect.any(Number) });
  });

  it('reports duplicate keys', () => {
    const [d] = fails('content/a.yaml', 'title: a\ndate: x\ntitle: b\n');
    expect(d!.message).toMatch(/duplicate key/);
    expect(d!.line).toBe(3);
  });

  it('reports a tab used for indentation with a hint', () => {
    const [d] = fails('content/a.yaml', 'contact:\n\tname: x\n');
    expect(d!.line).toBe(2);
    expect(d!.hints?.join(' ')).toMatch(/spaces/);
  });

  it('refuses an empty file, a list and a scalar at the top level', () => {
    expect(fails('content/a.yaml', '  \n')[0]!.message).toMatch(/empty/);
    expect(fails('content/a.yaml', '- a\n- b\n')[0]!.message).toMatch(/found a list/);
    expect(fails('content/a.yaml', 'just text\n')[0]!.message).toMatch(/mapping/);
  });

  it('refuses UTF-16 and binary files', () => {
    expect(fails('content/a.yaml', new Uint8Array([0xff, 0xfe, 0x74, 0x00]))[0]!.message).toMatch(/UTF-16/);
    expect(fails('content/a.yaml', new Uint8Array([0x74, 0x00, 0x01, 0x02]))[0]!.message).toMatch(/binary/);
    const bad = fails('content/a.yaml', new Uint8Array([...enc('title: a\nx: '), 0xc3, 0x28]));
    expect(bad[0]).toMatchObject({ line: 2 });
    expect(bad[0]!.message).toMatch(/UTF-8/);
  });

  it('refuses a YAML alias bomb quickly', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    const [d] = fails('content/a.yaml', `${lol.join('\n')}\n`);
    expect(d!.message).toMatch(/alias/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses deep nesting before the YAML parser sees it', () => {
    expect(fails('content/a.yaml', `a: ${'['.repeat(MAX_NESTING + 5)}${']'.repeat(MAX_NESTING + 5)}\n`)[0]!.message).toMatch(/nests more than/);
    expect(fails('content/a.yaml', `${'- '.repeat(20000)}x\n`)[0]!.message).toMatch(/nests more than/);
    let block = 'a:\n';
    for (let i = 1; i < MAX_NESTING + 5; i++) block += `${'  '.repeat(i)}k${i}:\n`;
    expect(fails('content/a.yaml', `${block}${'  '.repeat(MAX_NESTING + 5)}x\n`)[0]!.message).toMatch(/nests more than/);
    // A reasonable depth still loads.
    ok('content/a.yaml', `a: ${'['.repeat(20)}1${']'.repeat(20)}\n`);
  });

  it('keeps __proto__ and constructor keys as data without polluting prototypes', () => {
    const c = ok('content/a.yaml', '__proto__: { polluted: yes }\nconstructor: { prototype: { polluted: yes } }\n');
    expect(Object.keys(c.data)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('loadContent: JSON', () => {
  it('reads JSON with positions', () => {
    const c = ok('content/a.json', '{\n  "title": "A",\n  "date": "2024-01-02"\n}\n');
    expect(c.data.date).toBe('2024-01-02');
    expect(c.positions.value.get('date')).toEqual({ line: 3, column: 11 });
  });

  it('reports a trailing comma with its position and a hint', () => {
    const [d] = fails('content/a.json', '{\n  "title": "A",\n}\n');
    expect(d!.line).toBe(3);
    expect(d!.hints?.[0]).toMatch(/comma/);
  });

  it('reports duplicate keys, which JSON.parse would silently accept', () => {
    expect(fails('content/a.json', '{"title": "a", "title": "b"}')[0]!.message).toMatch(/duplicate/);
  });
});

describe('loadContent: Markdown with front matter', () => {
  it('splits the body into summary and sections with positions', () => {
    const c = ok('content/a.md', '---\ntitle: T\ndate: 2024-01-01\n---\nThe lead.\n\n## First\n\nBody one.\n\n```\n## not a heading\n```\n\n## Second\n- a\n');
    expect(c.data.summary).toBe('The lead.');
    expect(c.data.sections).toEqual([
      { heading: 'First', body: 'Body one.\n\n```\n## not a heading\n```' },
      { heading: 'Second', body: '- a' },
    ]);
    expect(c.positions.value.get('sections[1].heading')).toEqual({ line: 15, column: 4 });
    expect(c.positions.value.get('title')).toEqual({ line: 2, column: 8 });
  });

  it('appends body sections after front-matter sections', () => {
    const c = ok('content/a.md', '---\nsections:\n  - heading: Zero\n    body: x\n---\n## One\ntext\n');
    expect((c.data.sections as { heading: string }[]).map((s) => s.heading)).toEqual(['Zero', 'One']);
  });

  it('refuses a lead when the front matter has a summary', () => {
    expect(fails('content/a.md', '---\nsummary: S\n---\nLead\n')[0]!.message).toMatch(/already has a `summary`/);
  });

  it('refuses front matter without its closing line', () => {
    expect(fails('content/a.md', '---\ntitle: T\n\nbody\n')[0]!.message).toMatch(/closing/);
  });

  it('accepts CRLF line endings in front matter and body', () => {
    const c = ok('content/a.md', '---\r\ntitle: T\r\n---\r\nLead\r\n\r\n## S\r\nB\r\n');
    expect(c.data).toMatchObject({ title: 'T', summary: 'Lead', sections: [{ heading: 'S', body: 'B' }] });
  });
});
