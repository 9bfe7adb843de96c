import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/png.js';
import { briefkit, expectNoStack, expectOutputMatchesManifest, faultLines, tempProject, VALID } from './helpers.js';

/**
 * Files with schema faults and every fault line each must give (one line per
 * fault, all faults of a file together): `file:line:col path: message`.
 */
const FAULTY: Record<string, { text: string; faults: string[] }> = {
  'content/many.yaml': {
    text: [
      'title: 42',
      'date: 17 April 2024',
      'sumary: S',
      'marking: "A marking that is much longer than the sixty characters a marking may have"',
      'organizations: Example Agency',
      'key_figures:',
      '  - { value: "12345678901234567", label: b }',
      '  - { value: 3, label: c }',
      'sections:',
      '  - heading: Nothing in it',
      '    points: []',
      'figures:',
      '  - src: chart.png',
      '  - { src: chart.png, alt: "   " }',
      'sources:',
      '  - { title: T, url: "ftp://example.org/x", date: 2024-02-30 }',
      '',
    ].join('\n'),
    faults: [
      'content/many.yaml:1:1 summary: missing required field `summary`\n  hint: did you mean to write `summary` instead of `sumary`?',
      'content/many.yaml:1:8 title: expected a string, got a number (42)\n  hint: put it in quotes: "42"',
      'content/many.yaml:2:7 date: expected a date written YYYY-MM-DD that exists on the calendar, got `17 April 2024`',
      'content/many.yaml:3:1 sumary: unknown field `sumary`\n  hint: did you mean `summary`?',
      'content/many.yaml:4:10 marking: expected a string of at most 60 characters (this one has 74)',
      'content/many.yaml:5:16 organizations: expected a list, got a string',
      'content/many.yaml:7:14 key_figures[0].value: expected a string of at most 16 characters (this one has 17)',
      'content/many.yaml:8:14 key_figures[1].value: expected a string, got a number (3)\n  hint: put it in quotes: "3"',
      'content/many.yaml:10:5 sections[0]: needs at least one of `body` or `points` (`points` is an empty list)',
      'content/many.yaml:13:5 figures[0].alt: missing required field `alt`',
      'content/many.yaml:14:28 figures[1].alt: must not be empty',
      'content/many.yaml:16:22 sources[0].url: expected an http:// or https:// address (got `ftp://example.org/x`)',
      'content/many.yaml:16:51 sources[0].date: expected a date written YYYY-MM-DD that exists on the calendar, got `2024-02-30`',
    ],
  },
  'content/types.json': {
    text: '{\n  "title": ["a list"],\n  "date": "2024-04-17",\n  "summary": null,\n  "sections": { "heading": "H" },\n  "quotes": [{ "text": "Hi", "speeker": "A" }]\n}\n',
    faults: [
      'content/types.json:2:12 title: expected a string, got a list',
      'content/types.json:4:14 summary: expected a string, got nothing (null)',
      'content/types.json:5:15 sections: expected a list, got a mapping',
      'content/types.json:6:14 quotes[0].speaker: missing required field `speaker`\n  hint: did you mean to write `speaker` instead of `speeker`?',
      'content/types.json:6:30 quotes[0].speeker: unknown field `speeker`\n  hint: did you mean `speaker`?',
    ],
  },
  'content/dup-a.yaml': { text: `id: same\n${VALID}`, faults: ['content/dup-a.yaml:1:5 id: id `same` is also used by content/dup-b.yaml'] },
  'content/dup-b.yaml': { text: `id: same\n${VALID}`, faults: ['content/dup-b.yaml:1:5 id: id `same` is also used by content/dup-a.yaml'] },
};

/** The contract says optional lists may be empty: these build. */
const EMPTY_LISTS_OK = `${VALID}organizations: []\nkey_figures: []\nquotes: []\ntalking_points: []\nfigures: []\nsources: []\n`;

describe('schema faults: one line per fault with file, line, column and field path; all faults of a file together', () => {
  const dir = tempProject({ ...Object.fromEntries(Object.entries(FAULTY).map(([name, c]) => [name, c.text])), 'content/empty-lists.yaml': EMPTY_LISTS_OK, 'content/ok.yaml': VALID, 'content/chart.png': makePng(40, 30) });

  it('validate reports every fault of every file, exit 1', () => {
    const { code, stderr } = briefkit(dir, ['validate']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    for (const [file, { faults }] of Object.entries(FAULTY)) {
      const printed = stderr.trimEnd().split(/\n(?=\S)/).filter((block) => block.startsWith(`${file}:`));
      for (const fault of faults) expect(printed, file).toContain(fault.startsWith(`${file}:1:5 id:`) ? printed.find((p) => p.startsWith(fault)) : fault);
      if (!file.startsWith('content/dup-')) expect(printed, file).toHaveLength(faults.length);
    }
    expect(faultLines(stderr, 'content/empty-lists.yaml')).toEqual([]);
  });

  it('build fails exactly those items, builds the rest (empty optional lists included) and keeps out/ = manifest', () => {
    const { code, stderr } = briefkit(dir, ['build', '--format', 'outline', '--jobs', '1']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    const manifest = expectOutputMatchesManifest(join(dir, 'out'));
    expect(manifest.items.map((i) => [i.source, i.status])).toEqual([
      ['content/dup-a.yaml', 'failed'],
      ['content/dup-b.yaml', 'failed'],
      ['content/empty-lists.yaml', 'built'],
      ['content/many.yaml', 'failed'],
      ['content/ok.yaml', 'built'],
      ['content/types.json', 'failed'],
    ]);
    const many = manifest.items.find((i) => i.source === 'content/many.yaml')!;
    expect(many.errors).toHaveLength(FAULTY['content/many.yaml']!.faults.length);
    for (const e of many.errors) expect(e).toMatchObject({ file: 'content/many.yaml', line: expect.any(Number), column: expect.any(Number), path: expect.any(String) });
  });
});
