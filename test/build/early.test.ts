import { describe, expect, it } from 'vitest';
import { splitFormats } from '../../src/build/build.js';
import { earlyWorkerPreload } from '../../src/cli/early.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../src/template/formats.js';

describe('the render worker bin/briefkit.js starts before the CLI loads', () => {
  it('is started for a build of several formats on several cores, loading the fact sheet renderer', () => {
    expect(earlyWorkerPreload(['build'], 2)).toEqual(['pdf']);
    expect(earlyWorkerPreload(['build', 'content/a.yaml', '--force', '-q'], 4)).toEqual(['pdf']);
    expect(earlyWorkerPreload(['build', '--format', 'pdf,docx'], 2)).toEqual(['pdf']);
    expect(earlyWorkerPreload(['build', '--format=docx,pptx'], 2)).toEqual([]);
    expect(earlyWorkerPreload(['build', '-f', 'outline, pptx'], 2)).toEqual([]);
    expect(earlyWorkerPreload(['build', '--jobs', '2'], 1)).toEqual(['pdf']);
    expect(earlyWorkerPreload(['build', '-j', '3', '--shard', '1/2'], 8)).toEqual(['pdf']);
  });

  it('is not started when the command line says the build will not want one', () => {
    expect(earlyWorkerPreload([], 2)).toBeUndefined();
    expect(earlyWorkerPreload(['validate'], 2)).toBeUndefined();
    expect(earlyWorkerPreload(['new', 'build'], 2)).toBeUndefined();
    expect(earlyWorkerPreload(['build'], 1)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--format', 'pdf'], 2)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--format=outline'], 2)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--jobs', '1'], 4)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--jobs=1'], 4)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--watch'], 4)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--help'], 4)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '-h'], 4)).toBeUndefined();
    // Faults are the CLI's to report: no guess.
    expect(earlyWorkerPreload(['build', '--format', 'pdf,nope'], 4)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--jobs', 'two'], 4)).toBeUndefined();
    expect(earlyWorkerPreload(['build', '--format'], 4)).toBeUndefined();
  });

  it('reads the last of a repeated option, as the CLI does', () => {
    expect(earlyWorkerPreload(['build', '--format', 'pdf', '--format', 'pdf,docx'], 2)).toEqual(['pdf']);
    expect(earlyWorkerPreload(['build', '--jobs', '4', '--jobs', '1'], 2)).toBeUndefined();
  });
});

describe('splitting one item’s formats between a worker and this thread', () => {
  it('gives the worker the fact sheet and the outline, and this thread docx and pptx', () => {
    expect(splitFormats(OUTPUT_FORMATS, 2)).toEqual([
      ['pdf', 'outline'],
      ['docx', 'pptx'],
    ]);
    expect(splitFormats(['pdf', 'docx'], 2)).toEqual([['pdf'], ['docx']]);
    expect(splitFormats(OUTPUT_FORMATS, 1)).toEqual([['pdf', 'docx', 'outline', 'pptx']]);
  });

  it('puts every format in exactly one group, at most one group a lane, the heaviest in the workers’ group', () => {
    const subsets: OutputFormat[][] = [];
    for (let mask = 1; mask < 1 << OUTPUT_FORMATS.length; mask++) subsets.push(OUTPUT_FORMATS.filter((_, i) => mask & (1 << i)));
    for (const formats of subsets) {
      for (let bins = 1; bins <= 5; bins++) {
        const groups = splitFormats(formats, bins);
        expect(groups.length).toBeLessThanOrEqual(bins);
        expect(groups.every((g) => g.length > 0)).toBe(true);
        expect(groups.flat().sort()).toEqual([...formats].sort());
        const heaviest = formats.includes('pdf') ? 'pdf' : (formats.find((f) => f === 'docx' || f === 'pptx') ?? 'outline');
        expect(groups[0]).toContain(heaviest);
      }
    }
  });
});
