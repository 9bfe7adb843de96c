import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, offsetPoint } from '../../src/content/index.js';
import { seedFor } from '../helpers/seed.js';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonSyntaxError', () => {
  it('locates the faults JSON.parse leaves unlocated on Node 20', () => {
    const at = (text: string) => {
      const found = jsonSyntaxError(text);
      return found && { ...offsetPoint(text, found.offset), message: found.message };
    };
    expect(at('{\n  "a": [1, 2,],\n  "b": 1\n}')).toEqual({ line: 2, column: 14, message: 'a comma before the closing bracket (trailing comma)' });
    expect(at('{\n  "a": 1,\n}\n')).toMatchObject({ line: 3, column: 1 });
    expect(at('{"a": "x\ny"}')).toMatchObject({ line: 1, column: 9, message: expect.stringMatching(/control character/) });
    expect(at('{"a": tru}')).toMatchObject({ line: 1, column: 7, message: expect.stringMatching(/expected a value/) });
    expect(at('{"a": 1} x')).toMatchObject({ line: 1, column: 10, message: expect.stringMatching(/after the end/) });
    expect(at('{"a": "\\q"}')).toMatchObject({ message: expect.stringMatching(/unknown escape/) });
    expect(at('')).toMatchObject({ line: 1, column: 1 });
    expect(at(`${'['.repeat(200_000)}`)).toMatchObject({ message: expect.stringMatching(/end of the file/) });
  });

  it('agrees with JSON.parse on what is valid (property, 2,000 runs; seed printed)', () => {
    const seed = seedFor('jsonSyntaxError');
    const token = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"\\n"', '"\\u00e9"', '1', '-0.5e3', 'true', 'null', ' ', '\n', '"', '\\', 'x', '01', '-');
    const mutatedJson = fc.jsonValue().map((v) => JSON.stringify(v, null, 1));
    fc.assert(
      fc.property(fc.oneof(fc.array(token, { maxLength: 30 }).map((t) => t.join('')), mutatedJson, fc.tuple(mutatedJson, fc.nat(), token).map(([s, i, t]) => s.slice(0, i % (s.length + 1)) + t + s.slice(i % (s.length + 1)))), (text) => {
        expect(jsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000, seed },
    );
  });
});
