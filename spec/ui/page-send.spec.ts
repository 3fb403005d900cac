import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { parseCommand } from '../../src/console/input/commands.js';
import { channelOf, lineOf, PageSend } from '../../src/ui/page-send.js';

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

describe("ui/page-send: a conversation's box, and join and part from the page (issue 23 item 8)", () => {
  const decoded = (v: unknown): PageSend => {
    const d = PageSend.decode(v);
    if (E.isLeft(d)) throw new Error(`not a send: ${JSON.stringify(v)}`);
    return d.right;
  };

  it('sends to the channel shown, by its wire id, as /msg #ID would; a "/" text stays text', () => {
    expect(parseCommand(lineOf(decoded({ channel: '#tearn', text: 'hi team' })))).to.deep.equal({
      kind: 'msg',
      target: '#tearn',
      content: 'hi team',
    });
    expect(parseCommand(lineOf(decoded({ channel: '#lan', text: '/quit' })))).to.deep.equal({
      kind: 'msg',
      target: '#lan',
      content: '/quit',
    });
  });

  it('joins and parts as /join #NAME and /part #NAME, and says the channel id it meant', () => {
    const join = decoded({ act: 'join', channel: 'Team' });
    expect(parseCommand(lineOf(join))).to.deep.equal({ kind: 'channel', act: 'join', name: '#Team' });
    expect(channelOf(join)).to.equal('#tearn');
    expect(parseCommand(lineOf(decoded({ act: 'part', channel: '#team' })))).to.deep.equal({ kind: 'channel', act: 'part', name: '#team' });
    expect(channelOf(decoded({ channel: '#tearn', text: 'x' }))).to.equal(null);
  });

  it('refuses a channel that is no LAN channel id, and a join that would be another command', () => {
    for (const bad of [
      { channel: 'team', text: 'x' },
      { channel: '#Team', text: 'x' },
      { channel: '#team x', text: 'x' },
      { channel: '~00000000000000000000000000000000', text: 'x' },
      { act: 'join', channel: '#team /quit' },
      { act: 'join', channel: '' },
      { act: 'quit', channel: '#team' },
      { act: 'join', channel: 'a'.repeat(40) },
    ])
      expect(E.isLeft(PageSend.decode(bad)), JSON.stringify(bad)).to.equal(true);
  });
});
