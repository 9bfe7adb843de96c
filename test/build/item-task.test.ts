import { describe, expect, it } from 'vitest';
import { runItemTask, type ItemTask, type TaskOutput } from '../../src/build/item-task.js';
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
