import { describe, expect, it } from 'vitest';
import { inputsHash, runItemTask, type ItemTask, type TaskOutput } from '../../src/build/item-task.js';
import { renderInProcess, type RenderJob } from '../../src/build/render-pool.js';
import { defaultRenderOptions } from '../../src/build/renderers.js';
import { bundledFontVersions } from '../../src/env/fonts.js';
import type { OutputFormat } from '../../src/template/formats.js';
import { diskProject, REPO } from '../helpers/project.js';

// The repository's own sample item, as `npx briefkit build` builds it.
const project = diskProject(REPO);
const fonts = () => project.env.fonts();
const task = (formats: OutputFormat[]): ItemTask => ({
  file: 'content/osce-unodc-paris-pact-2024.yaml',
  formats,
  cached: {},
  render: defaultRenderOptions,
  fontVersions: bundledFontVersions(),
  primary: true,
});
const shas = (outputs: TaskOutput[]) => outputs.map((o) => [o.format, o.state, o.state === 'rendered' ? o.sha256 : undefined]);

describe('item tasks with remote renders', () => {
  const all: OutputFormat[] = ['pdf', 'docx', 'outline', 'pptx'];

  it('give the same outputs, in the same order, whichever formats render elsewhere', async () => {
    const local = await runItemTask(project, task(all), fonts);
    expect(local.outputs.map((o) => o.state)).toEqual(['rendered', 'rendered', 'rendered', 'rendered']);
    const posted: OutputFormat[] = [];
    // The remote side answers late, so local renders finish first.
    const render = async (job: RenderJob) => {
      posted.push(job.format);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return renderInProcess(structuredClone(job), fonts);
    };
    const split = await runItemTask(project, task(all), fonts, { formats: new Set<OutputFormat>(['pdf', 'outline']), render });
    expect(posted).toEqual(['pdf', 'outline']);
    expect(shas(split.outputs)).toEqual(shas(local.outputs));
    expect(split.errors).toEqual(local.errors);
    expect(split.warnings).toEqual(local.warnings);
  });

  it('fail only the format whose remote render fails, with the reason', async () => {
    const result = await runItemTask(project, task(all), fonts, {
      formats: new Set<OutputFormat>(['pdf']),
      render: () => Promise.reject(new Error('the render worker stopped (exit code 1)')),
    });
    expect(result.outputs.map((o) => [o.format, o.state])).toEqual([
      ['pdf', 'failed'],
      ['docx', 'rendered'],
      ['outline', 'rendered'],
      ['pptx', 'rendered'],
    ]);
    expect(result.errors.map((e) => e.message)).toEqual(['could not render the pdf output: the render worker stopped (exit code 1)']);
  });
});

describe('inputsHash', () => {
  const basis = { sourceSha256: 'a'.repeat(64), set: { name: 'brief', hash: 'b'.repeat(64) }, assets: { bytes: [], sources: [] } };
  const options = { render: defaultRenderOptions, fontVersions: ['f@1'] };

  it("covers Node's zlib version for the fact sheet only (its streams are deflated by it)", () => {
    const before = (['pdf', 'docx', 'outline', 'pptx'] as const).map((f) => inputsHash(basis, f, options));
    const real = Object.getOwnPropertyDescriptor(process.versions, 'zlib')!;
    Object.defineProperty(process.versions, 'zlib', { ...real, value: `${real.value as string}-other` });
    try {
      const after = (['pdf', 'docx', 'outline', 'pptx'] as const).map((f) => inputsHash(basis, f, options));
      expect(after[0]).not.toBe(before[0]);
      expect(after.slice(1)).toEqual(before.slice(1));
    } finally {
      Object.defineProperty(process.versions, 'zlib', real);
    }
  });
});
