import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { parseCommand } from '../../src/console/input/commands.js';
import { lineOf, PageSend } from '../../src/ui/page-send.js';

const BOB = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';

describe("ui/page-send: the page's input box (issue 11 item 21)", () => {
  it('sends to everyone, or privately by id, as the console would type it', () => {
    expect(parseCommand(lineOf({ to: null, text: 'hello all' }))).to.deep.equal({ kind: 'chat', content: 'hello all' });
    expect(parseCommand(lineOf({ to: BOB, text: 'just you\nand a second line' }))).to.deep.equal({
      kind: 'msg',
      target: BOB,
      content: 'just you\nand a second line',
    });
  });

  it('a text that starts with "/" is a chat, never a command', () => {
    expect(parseCommand(lineOf({ to: null, text: '/quit' }))).to.deep.equal({ kind: 'chat', content: '/quit' });
  });

  it('refuses what is not a send: no text, a target that is not an id, too much text', () => {
    expect(E.isLeft(PageSend.decode({ to: null, text: '   ' }))).to.equal(true);
    expect(E.isLeft(PageSend.decode({ to: 'bob hi /quit', text: 'x' }))).to.equal(true);
    expect(E.isLeft(PageSend.decode({ to: null, text: 'x'.repeat(70_000) }))).to.equal(true);
    expect(E.isLeft(PageSend.decode({ text: 'x' }))).to.equal(true);
    expect(E.isRight(PageSend.decode({ to: BOB, text: 'x' }))).to.equal(true);
  });
});
