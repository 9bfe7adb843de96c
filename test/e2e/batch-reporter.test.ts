import { describe, expect, it } from 'vitest';
import type { BuildReport, ItemEvent } from '../../src/build/index.js';
import { createReporter, useColour } from '../../src/cli/reporter.js';

/** A fake stream that records what is written. */
function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, write: (text: string) => (chunks.push(text), true), text: () => chunks.join(''), chunks };
}

const event = (index: number, status: 'built' | 'cached' | 'failed', ms?: number): ItemEvent => ({
  index,
  total: 4,
  item: { id: `item-${index}`, source: `content/item-${index}.yaml`, status, outputs: [], errors: [], warnings: [] },
  errors: [],
  warnings: [],
  ...(ms !== undefined ? { ms } : {}),
});

const report = (timings: BuildReport['timings']): BuildReport => ({
  manifest: { tool: 'briefkit', version: '0', started: '', durationMs: 4000, items: [] },
  usage: [],
  errors: [],
  warnings: [],
  interrupted: false,
  exitCode: 0,
  timings,
});

/** A text reporter on a terminal, with a clock the test sets (`at(ms)`). */
function onTerminal() {
  const out = stream(true);
  let clock = 0;
  const reporter = createReporter('text', { quiet: false, cwd: '/p', stdout: out, stderr: stream(false), env: {}, now: () => clock });
  return { out, reporter, at: (ms: number) => void (clock = ms) };
}

describe('the text reporter', () => {
  it('draws one progress line with counts and an ETA on a terminal, then a summary with the slowest items', () => {
    const { out, reporter, at } = onTerminal();
    reporter.start({ total: 4, toRender: 3 });
    at(1000);
    reporter.item(event(1, 'cached'));
    at(2000);
    reporter.item(event(2, 'built', 900));
    expect(out.chunks.at(-1)).toMatch(/^\r\u001b\[K\[█{12}░{12}\] 2\/4 .*1 built.* 1 cached {2}0 failed {2}0:02$/);
    at(3000);
    reporter.item(event(3, 'built', 1200));
    reporter.item(event(4, 'failed', 300));
    reporter.buildDone(report([{ id: 'item-2', source: '', status: 'built', ms: 900 }, { id: 'item-3', source: '', status: 'built', ms: 1200 }, { id: 'item-4', source: '', status: 'failed', ms: 300 }]), '/p/out');
    const text = out.text();
    // The bar is cleared before the summary; no per-item lines on a terminal.
    expect(text).not.toMatch(/✓ built/);
    expect(text).toContain('\r\u001b[K4 items: 2 built, 1 cached, 1 failed in 4.00 s → out/');
    expect(text).toMatch(/slowest item-3 1200 ms, item-2 900 ms, item-4 300 ms/);
  });

  it('estimates the time left from the items finished after the first, once three have', () => {
    const { out, reporter, at } = onTerminal();
    reporter.start({ total: 4, toRender: 4 });
    // Two workers start for 5 s, then finish an item each every 2 s.
    at(5000);
    reporter.item(event(1, 'built', 5000));
    at(5100);
    reporter.item(event(2, 'built', 5100));
    expect(out.chunks.at(-1)).toMatch(/ 0:05$/);
    at(7000);
    reporter.item(event(3, 'built', 2000));
    // 2 s for the 2 items after the first: 1 s an item, 1 item left.
    expect(out.chunks.at(-1)).toMatch(/ 3\/4 .* 0:07 ETA 0:01$/);
  });

  it('prints plain lines when CI is set, even on a terminal', () => {
    const out = stream(true);
    const reporter = createReporter('text', { quiet: false, cwd: '/p', stdout: out, stderr: stream(false), env: { CI: 'true' } });
    reporter.start({ total: 4, toRender: 4 });
    reporter.item(event(1, 'built', 10));
    expect(out.text()).toBe('[1/4] \u001b[32m✓\u001b[0m built  item-1\n');
  });

  it('follows NO_COLOR and FORCE_COLOR', () => {
    expect(useColour({}, true)).toBe(true);
    expect(useColour({}, false)).toBe(false);
    expect(useColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(useColour({ NO_COLOR: '' }, true)).toBe(true);
    expect(useColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColour({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});
