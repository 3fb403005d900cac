import { expect } from 'chai';
import { IgnoreList, type Ignored } from '../../../src/console/render/ignore-list.js';
import type { Output } from '../../../src/console/output.js';

const chat = (fromId: string, content = 'hi'): Output => ({
  type: 'chat',
  chat: { id: content, fromId, fromName: fromId, content, timestamp: 1, private: false, legacy: false, verified: true },
});

describe('console/IgnoreList (issue 11 item 14)', () => {
  it("hides an ignored peer's chats, and only theirs, until /unignore", () => {
    const saved: Ignored[][] = [];
    const list = new IgnoreList([], (l) => saved.push(l));
    expect(list.apply(chat('bob'))).to.not.equal(null);
    list.apply({ type: 'ignore', id: 'bob', name: 'bob', on: true });
    expect(list.apply(chat('bob'))).to.equal(null);
    expect(list.apply(chat('carol'))).to.not.equal(null);
    expect(list.apply({ type: 'bye' })).to.deep.equal({ type: 'bye' });
    list.apply({ type: 'ignore', id: 'bob', name: 'bob', on: false });
    expect(list.apply(chat('bob'))).to.not.equal(null);
    expect(saved).to.deep.equal([[{ id: 'bob', name: 'bob' }], []]);
  });

  it('hides their lines in /history too', () => {
    const list = new IgnoreList([{ id: 'bob', name: 'bob' }]);
    const m = (fromId: string) => ({
      id: fromId,
      fromId,
      fromName: fromId,
      toId: null,
      channel: '#lan',
      content: 'x',
      timestamp: 1,
      own: false,
      legacy: false,
      at: 0,
      deliveredTo: [],
    });
    const out = list.apply({ type: 'history', title: 't', messages: [m('bob'), m('carol')], names: {} });
    expect(out?.type === 'history' && out.messages.map((x) => x.fromId)).to.deep.equal(['carol']);
  });

  it('starts from the list it was given (the data dir, or a recording header)', () => {
    expect(new IgnoreList([{ id: 'bob', name: 'bob' }]).apply(chat('bob'))).to.equal(null);
  });
});
