import { problem } from '@svcpack/detect';
import { describe, expect, it } from 'vitest';
import { createProblemFormatter, frameWindow } from '../src/format-problem.js';
import { createTerminal } from '../src/terminal.js';

const terminal = createTerminal(process.stdout, process.stderr, { NO_COLOR: '1' });

/** A vercel.json of `count` services, each with one field on its own line. */
function bigConfig(count: number): string {
  const services = Array.from(
    { length: count },
    (_, index) => `    "svc${index}": { "memory": 1 }`,
  ).join(',\n');
  return `{\n  "experimentalServices": {\n${services}\n  }\n}\n`;
}

describe('the code frame of a problem', () => {
  it('reads each file once however many problems point into it', () => {
    const text = bigConfig(10_000);
    const reads: string[] = [];
    const format = createProblemFormatter('/project', terminal, (path) => {
      reads.push(path);
      return text;
    });

    let printed = 0;
    for (let index = 0; index < 10_000; index++) {
      const item = problem('INVALID_MEMORY', `"memory" of service "svc${index}" is 1.`, {
        file: 'vercel.json',
        line: index + 3,
        column: 19 + String(index).length,
      });
      if (new RegExp(`\\n  > +${index + 3} \\|`).test(format(item, 'error'))) printed++;
    }

    expect(reads).toEqual(['/project/vercel.json']);
    expect(printed).toBe(10_000);
  });

  it('takes only the lines around the problem from a file of 100,000 lines', () => {
    const lines = bigConfig(100_000).split('\n');

    const window = frameWindow(lines, 50_003, 9);

    expect(window).toEqual({
      text: [lines[50_001], lines[50_002], lines[50_003]].join('\n'),
      startLine: 50_002,
      column: 9,
    });
  });

  it('numbers the gutter with the lines of the file, not of the window', () => {
    const text = bigConfig(2_000);
    const format = createProblemFormatter('/project', terminal, () => text);
    const item = problem('INVALID_MEMORY', '"memory" of service "svc1500" is 1.', {
      file: 'vercel.json',
      line: 1503,
      column: 25,
    });

    expect(format(item, 'error').split('\n').slice(1, 5)).toEqual([
      '    1502 |     "svc1499": { "memory": 1 },',
      '  > 1503 |     "svc1500": { "memory": 1 },',
      '         |                         ^',
      '    1504 |     "svc1501": { "memory": 1 },',
    ]);
  });

  it('crops a minified line to a window around the column', () => {
    const line = `{"experimentalServices":{${'"x":1,'.repeat(2_000)}"api":{"memory":1}}}`;
    const column = line.indexOf('"memory":1') + 10;

    const window = frameWindow([line], 1, column);

    expect(window?.text.length).toBeLessThanOrEqual(162);
    expect(window?.text.slice((window?.column ?? 0) - 10, window?.column)).toBe('"memory":1');
    expect(window?.startLine).toBe(1);
  });

  it('shows no frame for a line the file does not have', () => {
    const format = createProblemFormatter('/project', terminal, () => '{}\n');
    const item = problem('INVALID_MEMORY', 'x', { file: 'vercel.json', line: 40, column: 1 });

    expect(format(item, 'error')).toBe('vercel.json:40:1 error INVALID_MEMORY x\n');
    expect(frameWindow(['{}'], 40, 1)).toBeNull();
  });

  it('prints a suggestion once when the hint already asks for it', () => {
    const format = createProblemFormatter('/project', terminal, () => null);
    const item = problem('DETECT_UNKNOWN_SERVICE', 'No service "apx" is declared in vercel.json.', {
      suggestion: 'api',
      hint: 'Did you mean "api"?',
    });

    const text = format(item, 'error');

    expect(text.match(/api"?\?/g)).toHaveLength(1);
    expect(text).toContain('hint: Did you mean "api"?');
  });
});
