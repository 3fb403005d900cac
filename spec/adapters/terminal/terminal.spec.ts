import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { openTerminal } from '../../../src/adapters/terminal/terminal.js';

const fakeTty = () => {
  const out = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; rows: number };
  out.isTTY = true;
  out.columns = 80;
  out.rows = 24;
  let text = '';
  out.setEncoding('utf8').on('data', (c: string) => (text += c));
  return { out, text: () => text };
};

describe('adapters/terminal', () => {
  it('prints an incoming line above the prompt and redraws what is being typed', async () => {
    const input = new PassThrough();
    const { out, text } = fakeTty();
    const term = openTerminal({ input, output: out as unknown as NodeJS.WriteStream, plain: false });
    input.write('half-typ');
    await new Promise((r) => setImmediate(r));
    const before = text().length;
    term.print('bob: hi');
    await new Promise((r) => setImmediate(r));
    const after = text().slice(before);
    // Clear from the prompt's row down (all rows a wrapped input takes), print the message,
    // then the prompt with the half-typed text again. spec/console/screen.spec.ts checks the screen.
    // eslint-disable-next-line no-control-regex -- the escape sequence is what is checked
    expect(after).to.match(/\x1b\[0J/);
    expect(after).to.include('bob: hi\n');
    expect(after.slice(after.indexOf('bob: hi\n'))).to.include('> half-typ');
    term.close();
  });

  it('lines typed come out as a stream that ends on EOF', async () => {
    const input = new PassThrough();
    const out = new PassThrough();
    const term = openTerminal({ input, output: out as unknown as NodeJS.WriteStream, plain: true });
    const lines: string[] = [];
    const done = new Promise<void>((resolve) => term.lines$.subscribe({ next: (l) => lines.push(l), complete: resolve }));
    input.end('one\n/peers\n');
    await done;
    expect(lines).to.deep.equal(['one', '/peers']);
  });

  it('plain mode (--json) prints bare lines, no prompt or cursor codes', () => {
    const input = new PassThrough();
    const { out, text } = fakeTty();
    const term = openTerminal({ input, output: out as unknown as NodeJS.WriteStream, plain: true });
    term.print('{"event":"x"}');
    term.close();
    return new Promise<void>((r) => setImmediate(r)).then(() => expect(text()).to.equal('{"event":"x"}\n'));
  });
});
