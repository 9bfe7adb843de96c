/**
 * Finds the first syntax fault of a JSON text and where it is, without
 * recursion (so any nesting depth is safe). `JSON.parse` on Node 20 names a
 * position for some faults only; this always does.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string; trailingComma?: boolean } | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = (at: number) => (at >= n ? 'the end of the file' : `\`${text[at] === '\n' ? '\\n' : text[at]}\``);
  const fail = (message: string, trailingComma?: boolean) => ({ offset: Math.min(i, n), message, ...(trailingComma ? { trailingComma } : {}) });
  // What the parser expects next, per open container.
  const stack: ('object' | 'array')[] = [];
  type State = 'value' | 'after-value' | 'key' | 'first-key' | 'first-value';
  let state: State = 'value';
  for (;;) {
    ws();
    const top = stack[stack.length - 1];
    if (state === 'after-value') {
      if (top === undefined) {
        if (i < n) return fail(`unexpected ${describe(i)} after the end of the JSON value`);
        return undefined;
      }
      if (text[i] === ',') {
        i++;
        ws();
        if ((top === 'object' && text[i] === '}') || (top === 'array' && text[i] === ']')) return fail('a comma before the closing bracket (trailing comma)', true);
        state = top === 'object' ? 'key' : 'value';
        continue;
      }
      if ((top === 'object' && text[i] === '}') || (top === 'array' && text[i] === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return fail(`expected \`,\` or \`${top === 'object' ? '}' : ']'}\`, found ${describe(i)}`);
    }
    if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && text[i] === '}') {
        i++;
        stack.pop();
        state = 'after-value';
        continue;
      }
      if (text[i] !== '"') return fail(`expected a property name in double quotes, found ${describe(i)}`);
      const bad = scanString();
      if (bad) return bad;
      ws();
      if (text[i] !== ':') return fail(`expected \`:\` after the property name, found ${describe(i)}`);
      i++;
      state = 'value';
      continue;
    }
    // A value.
    if (state === 'first-value' && text[i] === ']') {
      i++;
      stack.pop();
      state = 'after-value';
      continue;
    }
    const ch = text[i];
    if (ch === '{') {
      i++;
      stack.push('object');
      state = 'first-key';
    } else if (ch === '[') {
      i++;
      stack.push('array');
      state = 'first-value';
    } else if (ch === '"') {
      const bad = scanString();
      if (bad) return bad;
      state = 'after-value';
    } else if (ch !== undefined && /[-0-9]/.test(ch)) {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!match || match[0] === '-') return fail(`a number is malformed at ${describe(i)}`);
      i += match[0].length;
      state = 'after-value';
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
      state = 'after-value';
    } else if (text.startsWith('false', i)) {
      i += 5;
      state = 'after-value';
    } else {
      return fail(`expected a value, found ${describe(i)}`);
    }
  }

  function scanString(): { offset: number; message: string } | undefined {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail('a control character (such as a line break) inside a string; write it as \\n or \\t');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a bad \\u escape in a string');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return fail(`an unknown escape \`\\${e ?? ''}\` in a string`);
        i += 2;
        continue;
      }
      i++;
    }
    return fail('a string is not closed before the end of the file');
  }
}
