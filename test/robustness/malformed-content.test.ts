import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, createProject } from '../../src/build/index.js';
import { templateSearchPath } from '../../src/cli/main.js';
import { loadContent } from '../../src/content/index.js';
import { createNodeEnv } from '../../src/env/index.js';
import { briefkit, expectNoStack, expectOutputMatchesManifest, faultLines, tempProject, VALID } from './helpers.js';

const enc = (text: string) => new TextEncoder().encode(text);

const lol = (() => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return `title: T\ndate: 2024-04-17\nsummary: S\n${lines.join('\n')}\n`;
})();

/**
 * Each malformed file and the exact first line of the fault it gives: the
 * `file:line:col` prefix, then what is wrong.
 */
const MALFORMED: Record<string, { bytes: string | Uint8Array; fault: string }> = {
  'content/a-syntax.yaml': { bytes: 'title: a\nsummary: [unclosed\n', fault: 'content/a-syntax.yaml:3:1: YAML syntax error:' },
  'content/a-tab.yaml': { bytes: 'title: T\ncontact:\n\tname: x\n', fault: 'content/a-tab.yaml:3:1: a tab is used for indentation' },
  'content/dup-key.yaml': { bytes: 'title: a\ndate: 2024-04-17\ntitle: b\nsummary: s\n', fault: 'content/dup-key.yaml:3:1: duplicate key: Map keys must be unique' },
  'content/trailing-comma.json': { bytes: '{\n  "title": "A",\n  "date": "2024-04-17",\n  "summary": "S",\n}\n', fault: 'content/trailing-comma.json:5:1: invalid JSON:' },
  'content/unclosed.md': { bytes: '---\ntitle: T\ndate: 2024-04-17\n\nThe body.\n', fault: 'content/unclosed.md:1:1: the front matter has no closing `---` line' },
  'content/empty.yaml': { bytes: '', fault: 'content/empty.yaml:1:1: the file is empty' },
  'content/list.yaml': { bytes: '- title: T\n- date: 2024-04-17\n', fault: 'content/list.yaml:1:1: expected a mapping of fields (title: …, date: …) at the top level, found a list' },
  'content/garbage.yaml': { bytes: new Uint8Array([0x89, 0x13, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0xff, 0x10, 0x00, 0x7f]), fault: 'content/garbage.yaml:1:4: the file contains NUL bytes: it looks binary' },
  'content/invalid-utf8.yaml': { bytes: new Uint8Array([...enc('title: caf'), 0xe9, ...enc('\ndate: 2024-04-17\n')]), fault: 'content/invalid-utf8.yaml:1:11: the file is not valid UTF-8' },
  'content/utf16.yaml': { bytes: new Uint8Array([0xff, 0xfe, ...[...'title: T\n'].flatMap((c) => [c.charCodeAt(0), 0])]), fault: 'content/utf16.yaml:1:1: the file is UTF-16 encoded; save it as UTF-8' },
  'content/bomb.yaml': { bytes: lol, fault: 'content/bomb.yaml:1:1: refused:' },
  'content/z-deep.yaml': { bytes: `${'- '.repeat(20000)}x\n`, fault: 'content/z-deep.yaml:1:1: the file nests more than 64 levels deep' },
  'content/z-deep-flow.json': { bytes: `{"title": ${'['.repeat(100000)}${']'.repeat(100000)}}`, fault: 'content/z-deep-flow.json:1:74: the file nests more than 64 levels deep' },
  // A key that would recolour the terminal and reverse the line is shown escaped.
  'content/escape-key.json': { bytes: '{"title":"T","date":"2024-04-17","summary":"S","\\u001b[31mred\\u202e":1}', fault: 'content/escape-key.json:1:48 "\\u001b[31mred\\u{202E}": unknown field `\\u{1B}[31mred\\u{202E}`' },
  'content/proto.yaml': { bytes: `${VALID}__proto__: { polluted: yes }\n`, fault: 'content/proto.yaml:7:1 __proto__: unknown field `__proto__`' },
};

/** Files that look odd but are valid and must build. */
const ACCEPTED: Record<string, string | Uint8Array> = {
  'content/bom.yaml': new Uint8Array([0xef, 0xbb, 0xbf, ...enc(VALID)]),
  'content/crlf.yaml': VALID.replace(/\n/g, '\r\n'),
  'content/front.md': '---\r\ntitle: From Markdown\r\ndate: 2024-05-01\r\n---\r\nThe lead.\r\n\r\n## First\r\n\r\nBody.\r\n',
  'content/good.json': JSON.stringify({ title: 'Good', date: '2024-04-17', summary: 'S' }),
};

describe('malformed content through the CLI: file:line:col: message for each, exit 1, every other item still built', () => {
  const dir = tempProject({ ...Object.fromEntries(Object.entries(MALFORMED).map(([name, c]) => [name, c.bytes])), ...ACCEPTED });

  it('build: one fault line per malformed file, the valid files built, the output folder matching its manifest', () => {
    const { code, stderr } = briefkit(dir, ['build', '--format', 'outline,docx', '--jobs', '1']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    for (const [file, { fault }] of Object.entries(MALFORMED)) {
      const lines = faultLines(stderr, file);
      expect(lines.length, `${file}: ${stderr}`).toBeGreaterThan(0);
      expect(lines[0], file).toContain(fault);
    }
    const manifest = expectOutputMatchesManifest(join(dir, 'out'));
    const status = Object.fromEntries(manifest.items.map((i) => [i.source, i.status]));
    for (const file of Object.keys(MALFORMED)) expect(status[file], file).toBe('failed');
    for (const file of Object.keys(ACCEPTED)) expect(status[file], file).toBe('built');
    for (const item of manifest.items.filter((i) => i.status === 'failed')) expect(item.outputs).toEqual([]);
  });

  it('validate: the same faults, exit 1, nothing written', () => {
    const { code, stderr } = briefkit(dir, ['validate']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    for (const [file, { fault }] of Object.entries(MALFORMED)) expect(faultLines(stderr, file)[0], file).toContain(fault);
  });
});

describe('malformed content in-process', () => {
  it('refuses deep nesting before the parser, also after many ordinary parse errors in the same process (the Node 20 abort, exit 134)', () => {
    for (let round = 0; round < 25; round++) {
      expect(loadContent('content/tab.yaml', enc('title: T\ncontact:\n\tname: x\n')).ok).toBe(false);
      for (const [file, deep] of [
        ['content/deep.yaml', `${'- '.repeat(20000)}x\n`],
        ['content/deep.yaml', `a: ${'['.repeat(100000)}\n`],
        ['content/deep.json', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
        ['content/deep.md', `---\na:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n---\n`],
      ] as const) {
        const result = loadContent(file, enc(deep));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.diagnostics[0]!.message).toMatch(/nests more than 64 levels/);
      }
    }
  });

  it('refuses a billion-laughs alias bomb quickly (generous bound: the machine is shared)', () => {
    const started = performance.now();
    const result = loadContent('content/bomb.yaml', enc(lol));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/alias/) });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('__proto__ / constructor keys in YAML and JSON never pollute prototypes, through a whole build', async () => {
    const dir = tempProject({
      'content/proto.yaml': `${VALID}__proto__: { polluted: yes }\nconstructor: { prototype: { polluted: yes } }\nsections:\n  - heading: H\n    body: B\n    __proto__: { polluted: yes }\n`.replace(/sections:\n  - heading: One\n    points: \[a, b\]\n/, ''),
      'content/proto.json': JSON.stringify({ title: 'T', date: '2024-04-17', summary: 'S', contact: JSON.parse('{"__proto__": {"polluted": "yes"}}') as object }).replace('"contact":{}', '"contact":{"__proto__":{"polluted":"yes"}}'),
      'content/ok.yaml': VALID,
    });
    expect(JSON.parse(JSON.stringify({})).polluted).toBeUndefined();
    const report = await build(createProject(createNodeEnv(dir), templateSearchPath(dir)), { cwd: dir, paths: [], outDir: join(dir, 'out'), formats: ['outline'], force: false, render: { outlineFlavor: 'marp' }, jobs: 1 });
    expect(report.exitCode).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(report.errors.filter((e) => e.file === 'content/proto.yaml').map((e) => e.path)).toEqual(['__proto__', 'constructor', 'sections[0].__proto__']);
    expect(report.errors.filter((e) => e.file === 'content/proto.json').map((e) => e.path)).toEqual(['contact.__proto__']);
    expect(report.manifest.items.find((i) => i.source === 'content/ok.yaml')?.status).toBe('built');
    expectOutputMatchesManifest(join(dir, 'out'));
  });
});
