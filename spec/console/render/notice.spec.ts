import { expect } from 'chai';
import { noticeOf } from '../../../src/console/render/notice.js';

const chat = (content: string, priv = false) => ({
  type: 'chat' as const,
  chat: { id: 'c', fromId: 'b', fromName: 'bob', content, timestamp: 1, private: priv, legacy: false, verified: true },
});

describe('console/noticeOf (issue 11 item 16)', () => {
  it('a private message or a mention of your name asks for attention', () => {
    expect(noticeOf(chat('psst', true), 'alice')).to.equal('bob (private): psst');
    expect(noticeOf(chat('hey Alice, look'), 'alice')).to.equal('bob: hey Alice, look');
    expect(noticeOf(chat('@alice!'), 'alice')).to.equal('bob: @alice!');
  });

  it('other chat, a name inside a word, and everything else do not', () => {
    expect(noticeOf(chat('hello all'), 'alice')).to.equal(null);
    expect(noticeOf(chat('malice aforethought'), 'alice')).to.equal(null);
    expect(noticeOf({ type: 'bye' }, 'alice')).to.equal(null);
  });

  it('the text is sanitized and short', () => {
    const n = noticeOf(chat(`\x1b]9;x\x07${'y'.repeat(300)}`, true), 'alice') ?? '';
    // eslint-disable-next-line no-control-regex -- control characters are what must be absent
    expect(n).not.to.match(/[\x00-\x1f]/);
    expect(n.length).to.be.at.most(120);
  });
});
